#!/usr/bin/env python3
"""Start-up benchmark: Beian Desk beside a bare Tauri 2 window (benches/probe), in one run.

Each round starts both programs, in turn (interleaved, the order alternating), under the same X
display: the time from launching the process to its first painted frame (as the page itself
reports it: `performance.timeOrigin + performance.now()` in the first animation frame, printed by
the program when BEIAN_STARTUP_REPORT is set), then, after the window settled, the memory of the
process tree (the app and WebKit's web and network processes): the sum of their proportional set
sizes (PSS, /proc/PID/smaps_rollup), so that shared libraries count once. A first round of each is
a warm-up and not counted. Prints every figure, the medians and the ratios; and the two Debian
packages' sizes when both were built. No threshold: the figures are for reading.

The app has WebKitGTK draw without accelerated compositing (src-tauri/src/lib.rs, `plain_rendering`);
a bare window does not. So the probe is started twice a round: as it is (what a bare Tauri 2 window
costs) and under the same rendering (WEBKIT_DISABLE_COMPOSITING_MODE=1: what the app adds on top of
WebKit drawing the same way). Both ratios are printed.

usage: scripts/bench-start.py APP PROBE [--rounds N] [--data DIR] [--deb APP.deb PROBE.deb]
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time


def descendants(pid):
    """pid and every process below it."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def one_start(argv, env, timeout=60.0, settle=2.0):
    """(ms to the first painted frame, MiB of the process tree, process count)."""
    started = time.time() * 1000.0
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    painted = None
    deadline = time.time() + timeout
    try:
        while time.time() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith("startup painted_at_ms="):
                painted = float(line.split("=", 1)[1])
                break
        if painted is None:
            raise RuntimeError(f"{argv[0]} did not report its first frame")
        time.sleep(settle)
        tree = descendants(proc.pid)
        mem = sum(pss_kib(p) for p in tree) / 1024.0
        return painted - started, mem, len(tree)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def strays():
    """WebKit processes (and apps) already running: they share WebKit's libraries with the ones
    measured, and PSS splits shared pages between all their users, so they lower every figure."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                exe = os.path.basename(f.read().split(b"\0")[0].decode(errors="replace"))
        except OSError:
            continue
        if exe.startswith("WebKit") or exe in ("beian-desk", "beian-probe"):
            found.append(f"{entry} {exe}")
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("app")
    ap.add_argument("probe")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--data", help="a data directory to copy for each start of the app (else an empty one)")
    ap.add_argument("--deb", nargs=2, metavar=("APP_DEB", "PROBE_DEB"))
    ap.add_argument("--allow-others", action="store_true", help="measure even with other WebKit processes running")
    args = ap.parse_args()
    others = strays()
    if others and not args.allow_others:
        print("bench-start: other WebKit processes are running (they would share the libraries and lower"
              " every memory figure); stop them or pass --allow-others:\n  " + "\n  ".join(others), file=sys.stderr)
        return 2

    base = dict(os.environ, BEIAN_STARTUP_REPORT="1")
    results = {"app": [], "probe": [], "plain": []}
    with tempfile.TemporaryDirectory(prefix="beian-bench-start-") as tmp:
        for round_no in range(args.rounds + 1):
            order = ["app", "probe", "plain"]
            order = order[round_no % 3 :] + order[: round_no % 3]
            for who in order:
                env = base
                if who == "app":
                    data = os.path.join(tmp, f"data-{round_no}")
                    if args.data:
                        subprocess.run(["cp", "-a", args.data, data], check=True)
                    argv = [args.app, "--data-dir", data, "--config-dir", os.path.join(tmp, f"config-{round_no}")]
                else:
                    argv = [args.probe]
                    if who == "plain":
                        env = dict(base, WEBKIT_DISABLE_COMPOSITING_MODE="1")
                ms, mib, procs = one_start(argv, env)
                label = "warm-up" if round_no == 0 else f"round {round_no}"
                print(f"  {label:8} {who:5}  first frame {ms:7.0f} ms   memory {mib:6.1f} MiB ({procs} processes)")
                if round_no > 0:
                    results[who].append((ms, mib))

    def med(who, i):
        return statistics.median(r[i] for r in results[who])

    print()
    print(f"{'':24}{'Beian Desk':>12}{'bare Tauri 2':>14}{'ratio':>8}{'bare, drawn alike':>20}{'ratio':>8}")
    for name, i, unit in [("first painted frame", 0, "ms"), ("memory (PSS, tree)", 1, "MiB")]:
        a, p, q = med("app", i), med("probe", i), med("plain", i)
        print(f"{name + ' (' + unit + ')':24}{a:12.1f}{p:14.1f}{a / p:7.2f}x{q:20.1f}{a / q:7.2f}x")
    if args.deb:
        a, p = (os.path.getsize(d) / 1024 / 1024 for d in args.deb)
        print(f"{'package (.deb, MiB)':24}{a:12.1f}{p:14.1f}{a / p:7.2f}x")
    print(f"medians of {args.rounds} interleaved rounds each; goal ≤ 1.1x on the first frame and memory (issue 19)")


if __name__ == "__main__":
    sys.exit(main())
