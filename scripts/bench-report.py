#!/usr/bin/env python3
"""Prints the benchmark tables of BENCHMARKS.md from criterion's results in target/criterion.

Run after `cargo bench -p codegen --bench generator` and `cargo bench -p tests --bench client`.
Times are criterion's medians.
"""

import json
from pathlib import Path

CRITERION = Path(__file__).resolve().parent.parent / "target" / "criterion"


def results():
    found = {}
    for bench in CRITERION.glob("**/new/benchmark.json"):
        meta = json.loads(bench.read_text())
        estimates = json.loads((bench.parent / "estimates.json").read_text())
        key = (meta["group_id"], meta.get("function_id") or "", meta.get("value_str") or "")
        found[key] = (estimates["median"]["point_estimate"], meta.get("throughput") or {})
    return found


def fmt(ns):
    if ns >= 1e9:
        return f"{ns / 1e9:.2f} s"
    if ns >= 1e6:
        return f"{ns / 1e6:.1f} ms"
    return f"{ns / 1e3:.1f} µs"


def main():
    r = results()
    print("## Generator on GitHub's REST description\n")
    print("| phase | median |")
    print("|---|---|")
    for phase in ("end_to_end", "load", "model", "emit"):
        if ("github", phase, "") in r:
            print(f"| {phase} | {fmt(r[('github', phase, '')][0])} |")

    print("\n## Scaling (synthetic specs)\n")
    print("| operations | median | per operation | vs the row above |")
    print("|---|---|---|---|")
    previous = None
    rows = sorted((int(v), t) for (g, f, v), (t, _) in r.items() if g == "scaling")
    for ops, ns in rows:
        ratio = f"{ns / previous:.2f}x" if previous else ""
        print(f"| {ops} | {fmt(ns)} | {fmt(ns / ops)} | {ratio} |")
        previous = ns
    by_ops = dict(rows)
    if 1000 in by_ops and 5000 in by_ops:
        print(f"\n5,000 operations take {by_ops[5000] / by_ops[1000]:.2f}x the time of 1,000 (goal: at most 6x).")

    print("\n## Decoding: generated types vs serde_json::Value\n")
    print("| input | bytes | typed | Value | typed MB/s | Value MB/s | Value time / typed time |")
    print("|---|---|---|---|---|---|---|")
    for (g, f, v), (ns, throughput) in sorted(r.items()):
        if g != "decode" or f != "typed":
            continue
        value = r.get(("decode", "value", v))
        if not value:
            continue
        size = throughput.get("Bytes", 0)
        mbs = lambda t: size / (t / 1e9) / 1e6
        print(f"| {v} | {size} | {fmt(ns)} | {fmt(value[0])} | {mbs(ns):.0f} | {mbs(value[0]):.0f} | {value[0] / ns:.2f} |")

    print("\n## Client overhead: generated client vs plain reqwest + serde_json\n")
    print("| in flight | generated (per request) | reqwest (per request) | generated / reqwest |")
    print("|---|---|---|---|")
    for flight in ("1", "32"):
        ours = r.get(("client", "generated", flight))
        plain = r.get(("client", "reqwest", flight))
        if ours and plain:
            print(f"| {flight} | {fmt(ours[0])} | {fmt(plain[0])} | {ours[0] / plain[0]:.3f} |")


if __name__ == "__main__":
    main()
