#!/usr/bin/env python3
"""Writes a program's startup order file: the functions of its own binary that run from launch to
a few seconds after its first painted frame, one mangled symbol a line, for the linker
(`--symbol-ordering-file`, see src-tauri/startup_order.rs) to place together at the start of the code.

Why: the kernel maps a binary's pages in 64 KiB windows around each page that is touched
(fault-around). The functions a start runs are spread over the whole of a 36 MB `.text` (every
crate's generic code lands in its caller's codegen units), so a start mapped ~23 MiB of the
binary for ~5 MB of functions. Placed together, they map about half of that. Nothing else
changes: the same code, only its place in the file.

How: the program runs once under Valgrind's callgrind (every function it executes is recorded,
not sampled), with BEIAN_STARTUP_REPORT set; when it prints its first frame the script waits
SETTLE seconds, stops it, and keeps the recorded functions that the binary defines, sorted by
name. A stale file costs nothing but the gain: symbols no longer in the binary are skipped by the
linker (`--no-warn-symbol-ordering`).

usage: scripts/startup-order.py BINARY OUT [-- ARGS...]   (scripts/startup-order.sh runs it for the
app and the bare window of the start benchmark)
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SETTLE = 5.0
TIMEOUT = 300.0


def defined_symbols(binary):
    out = subprocess.run(["nm", "--defined-only", binary], check=True, capture_output=True, text=True).stdout
    return {line.split()[-1] for line in out.splitlines() if len(line.split()) == 3}


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, out_path = sys.argv[1], sys.argv[2]
    args = sys.argv[4:] if len(sys.argv) > 3 and sys.argv[3] == "--" else sys.argv[3:]
    if not shutil.which("valgrind"):
        print("startup-order: valgrind is missing (sudo apt-get install valgrind)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="beian-startup-order-") as tmp:
        profile = os.path.join(tmp, "callgrind.out")
        env = dict(os.environ, BEIAN_STARTUP_REPORT="1")
        argv = ["valgrind", "--tool=callgrind", "--demangle=no", "--dump-instr=no", f"--callgrind-out-file={profile}", binary, *args]
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
        deadline = time.time() + TIMEOUT
        painted = False
        while time.time() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith("startup painted_at_ms="):
                painted = True
                break
        if painted:
            time.sleep(SETTLE)
        # SIGTERM to the valgrind process alone: it writes the profile as the program ends; the
        # program's WebKit processes end with it.
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if not painted:
            print(f"startup-order: {binary} did not report its first frame", file=sys.stderr)
            return 1
        names = {}
        with open(profile, errors="replace") as f:
            for line in f:
                m = re.match(r"c?fn=\(\d+\) (.+)$", line.rstrip("\n"))
                if m:
                    names.setdefault(m.group(1), None)
    ours = defined_symbols(binary)
    # Sorted: the linker places them together either way, and a file written again after a change
    # differs only by what changed (callgrind meets functions in an order that varies run to run).
    order = sorted(n for n in names if n in ours)
    if len(order) < 100:
        print(f"startup-order: only {len(order)} functions recorded; not written", file=sys.stderr)
        return 1
    with open(out_path, "w") as f:
        f.write("".join(n + "\n" for n in order))
    print(f"{out_path}: {len(order)} functions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
