#!/usr/bin/python3
"""Start-to-first-reply, run time and peak memory of oslomsg, native (AOT) against JIT (not part of CI).

    /usr/bin/python3 scripts/native-figures.py RABBIT_URL [--runs 5] [--native .native/oslomsg]
        [--jit src/Oslo.Messaging.Cli/bin/Release/net10.0/oslomsg.dll]

Needs `bash scripts/native-check.sh URL` (or the publish it does) and a Release build of the CLI first. For each
build it starts `oslomsg serve` on the broker (time to READY), then runs `oslomsg call ... echo` and `oslomsg demo`
RUNS times each: "first reply" is from process start until the reply's line was read from its stdout (for demo, the
line of its first call, "load-balanced calls"), "exit" until the process ended; "max RSS" is the kernel's peak
resident set (wait4). Prints the medians as a Markdown table.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

def run(argv, marker=None):
    """(seconds to the first stdout line containing marker, seconds to exit, max RSS in MB)."""
    started = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = None
    for line in proc.stdout:
        if first is None and (marker is None or marker in line):
            first = time.monotonic() - started
    _, status, usage = os.wait4(proc.pid, 0)
    ended = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 or first is None:
        sys.exit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.read()}")
    return first, ended, usage.ru_maxrss / 1024

def serve(cmd, url, topic):
    """Starts serve, returns (process, seconds to READY)."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd + ["serve", "--url", url, "--topic", topic, "--server", "f1"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in proc.stdout:
        if line.strip() == "READY":
            return proc, time.monotonic() - started
    sys.exit(f"serve exited before READY ({proc.wait()})")

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--native", default=".native/oslomsg")
    parser.add_argument("--jit", default="src/Oslo.Messaging.Cli/bin/Release/net10.0/oslomsg.dll")
    args = parser.parse_args()
    builds = {"native (AOT)": [args.native], "JIT (dotnet oslomsg.dll)": ["dotnet", args.jit]}
    rows = {}
    for name, cmd in builds.items():
        topic = f"native_figures_{os.getpid()}_{len(rows)}"
        server, ready = serve(cmd, args.url, topic)
        try:
            call = [run(cmd + ["call", "--url", args.url, "--topic", topic, "--timeout", "30", "echo", 'payload={"n":[1,2]}']) for _ in range(args.runs)]
        finally:
            server.send_signal(2)
            server.wait(timeout=30)
        demo = [run(cmd + ["demo"], marker="load-balanced calls") for _ in range(args.runs)]
        med = lambda runs, i: statistics.median(r[i] for r in runs)
        rows[name] = [f"{ready:.2f} s", f"{med(call, 0):.2f} s", f"{med(call, 1):.2f} s", f"{med(call, 2):.0f} MB",
                      f"{med(demo, 0):.2f} s", f"{med(demo, 1):.2f} s", f"{med(demo, 2):.0f} MB"]
    labels = ["`serve`: start to READY (connected, queues declared)", "`call echo`: start to reply printed", "`call echo`: start to exit",
              "`call echo`: max RSS", "`demo`: start to first call's reply", "`demo`: start to exit (15 steps)", "`demo`: max RSS"]
    print(f"| medians of {args.runs} runs | " + " | ".join(rows) + " |")
    print("|---|" + "---:|" * len(rows))
    for i, label in enumerate(labels):
        print(f"| {label} | " + " | ".join(r[i] for r in rows.values()) + " |")
    print(f"load average: {os.getloadavg()[0]:.1f}")

if __name__ == "__main__":
    main()
