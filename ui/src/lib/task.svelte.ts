// One piece of long work a dialog runs at a time (reading a workbook, writing a file, generating
// demo data): what it is doing, for the busy line and to disable its buttons, and how it failed.
import { messageOf } from "./api";

export class Task {
  /** What is running, said to staff; null when idle. */
  busy = $state<string | null>(null);
  /** The last run's failure, as a message for staff. */
  error = $state<string | null>(null);

  /** Runs `job` as `what`: the previous error cleared, a failure kept in `error`. */
  async run(what: string, job: () => Promise<void>): Promise<void> {
    this.error = null;
    this.busy = what;
    try {
      await job();
    } catch (e) {
      this.error = messageOf(e);
    } finally {
      this.busy = null;
    }
  }
}
