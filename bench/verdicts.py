#!/usr/bin/env python3
"""Compares the target verdicts of benchmark runs (bench/stability.sh).

usage: verdicts.py RECORD_DIR RUN_DIR...

Each directory holds latest.jsonl (and notify-latest.jsonl) as bench/run.sh writes them. Prints a Markdown table:
one row per target of the run of record (RECORD_DIR), its verdict and each run's, and whether all agree.
"""
import json
import os
import sys


def targets(folder):
    found = {}
    meta = {}
    for name in ("latest.jsonl", "notify-latest.jsonl"):
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                row = json.loads(line)
                if row.get("type") == "target":
                    found[row["target"]] = row
                elif row.get("type") == "run" and name == "latest.jsonl":
                    meta = row
    return found, meta


def cell(row):
    if row is None:
        return "-"
    fig = row.get("figure")
    lo = row.get("figure_low", row.get("figure_min"))  # runs before the 8-round method wrote min/max
    hi = row.get("figure_high", row.get("figure_max"))
    span = f" ({lo:g}–{hi:g})" if lo is not None and hi is not None else ""
    return f"{row.get('verdict')}: {fig:g}{span}" if fig is not None else str(row.get("verdict"))


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    record, record_meta = targets(argv[1])
    runs = [(os.path.basename(d.rstrip("/")), *targets(d)) for d in argv[2:] if os.path.isdir(d)]
    print("# Verdict stability: quick runs against the run of record\n")
    print(f"- Run of record: `{record_meta.get('command', '?')}` at {record_meta.get('date', '?')}, commit "
          f"{record_meta.get('commit', '?')}, load before/after {record_meta.get('load_before', '?')} / {record_meta.get('load_after', '?')}")
    for name, _, meta in runs:
        print(f"- {name}: `{meta.get('command', '?')}` at {meta.get('date', '?')}, commit {meta.get('commit', '?')}, "
              f"{meta.get('seconds', '?')} s, load before/after {meta.get('load_before', '?')} / {meta.get('load_after', '?')}")
    print()
    header = ["target", "run of record"] + [name for name, _, _ in runs] + ["same verdict"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    agreeing = compared = contradicted = 0
    for title, row in record.items():
        verdicts = [found.get(title) for _, found, _ in runs]
        present = [v for v in verdicts if v is not None]
        if not present:
            same = "not in quick runs"
        else:
            compared += 1
            seen = {row.get("verdict")} | {v.get("verdict") for v in present}
            ok = len(seen) == 1 and len(present) == len(verdicts)
            agreeing += ok
            # "met" in one run and "NOT met" in another is a reversal; "within noise" only says a run could not tell.
            reversed_ = "met" in seen and "NOT met" in seen
            contradicted += reversed_
            same = "yes" if ok else ("**reversed**" if reversed_ else "no (within noise in some)")
        print("| " + " | ".join([title, cell(row)] + [cell(v) for v in verdicts] + [same]) + " |")
    print(f"\n{agreeing} of {compared} targets measured in the quick runs had the same verdict in every run as in the run of record; "
          f"{contradicted} were reversed (met in one run, NOT met in another); the others moved between a verdict and "
          "\"within noise\" (one run's range straddled the threshold).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
