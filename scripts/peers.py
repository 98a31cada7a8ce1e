#!/usr/bin/env python3
"""Times this generator and two peers on the same specs, side by side (not run in CI).

Installs, into target/peers/ (ignored): cargo-progenitor (crates.io) and openapi-generator-cli
(PyPI; ships its own jar and runs on the machine's Java). Then generates a client from each spec
with each tool, three times, and prints the median wall time, who failed, and each peer's time
as a ratio of ours.

    python3 scripts/peers.py            # DigiCert spec, the focused specs, GitHub's REST spec
"""

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEERS = ROOT / "target" / "peers"
RUNS = 3


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def install():
    PEERS.mkdir(parents=True, exist_ok=True)
    progenitor = PEERS / "bin" / "cargo-progenitor"
    if not progenitor.exists():
        print("installing cargo-progenitor ...", file=sys.stderr)
        subprocess.run(["cargo", "install", "--locked", "--root", str(PEERS), "cargo-progenitor"], check=True)
    venv = PEERS / "venv"
    generator = venv / "bin" / "openapi-generator-cli"
    if not generator.exists():
        print("installing openapi-generator-cli ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "openapi-generator-cli"], check=True)
    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "xtask"], cwd=ROOT, check=True)
    return progenitor, generator


def specs():
    github = run([str(ROOT / "scripts" / "fetch-github-spec.sh")], cwd=ROOT)
    found = [("digicert", ROOT / "spec" / "certcentral.yaml")]
    for spec in sorted((ROOT / "tests" / "specs").glob("*.yaml")):
        found.append((spec.stem, spec))
    if github.returncode == 0:
        found.append(("github", ROOT / github.stdout.strip()))
    return found


def timed(cmd, out):
    times, last = [], None
    for _ in range(RUNS):
        shutil.rmtree(out, ignore_errors=True)
        started = time.perf_counter()
        last = run(cmd, cwd=ROOT)
        times.append(time.perf_counter() - started)
        if last.returncode != 0:
            first_line = (last.stderr.strip() or last.stdout.strip()).splitlines()[:1]
            return None, first_line[0][:100] if first_line else f"exit {last.returncode}"
    return statistics.median(times), ""


def main():
    progenitor, generator = install()
    ours = ROOT / "target" / "release" / "xtask"
    rows = []
    for name, spec in specs():
        out = PEERS / "out" / name
        tools = {
            "ours": [str(ours), "codegen", "--spec", str(spec), "--out", str(out / "ours"), "--name", f"peer-{name}"],
            "progenitor": [str(progenitor), "progenitor", "-i", str(spec), "-o", str(out / "progenitor"), "-n", f"peer-{name}", "-v", "0.1.0"],
            "openapi-generator": [str(generator), "generate", "-i", str(spec), "-g", "rust", "-o", str(out / "openapi-generator"), "--skip-validate-spec"],
        }
        results = {tool: timed(cmd, out / tool) for tool, cmd in tools.items()}
        rows.append((name, results))
    print("| spec | ours | progenitor | openapi-generator (rust) |")
    print("|---|---|---|---|")
    for name, results in rows:
        base = results["ours"][0]
        cells = []
        for tool in ("ours", "progenitor", "openapi-generator"):
            seconds, error = results[tool]
            if seconds is None:
                cells.append(f"failed: {error}")
            elif tool == "ours" or base is None:
                cells.append(f"{seconds:.2f} s")
            else:
                cells.append(f"{seconds:.2f} s ({seconds / base:.1f}x ours)")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
