#!/usr/bin/env python3
"""What a generated client costs its users to compile, side by side (not run in CI).

GitHub's REST description through this generator and through openapi-generator (`rust`, reqwest,
rustls), each crate checked alone with its dependencies already built: `cargo check` wall time and
peak memory (GNU time's maximum resident set size, which covers rustc), lines of Rust and types.
Two ways: a first check without incremental state (what the crate costs as a dependency, in CI, after
`cargo clean`), and a re-check after touching `src/lib.rs` with the incremental cache of a previous
check (cargo's default for a workspace member). Ours is also checked with a single tag's feature.
One run, the tools alternating; prints a Markdown table for BENCHMARKS.md.

Installs openapi-generator-cli from PyPI into target/peers/venv (it ships its own jar and runs on
the machine's Java), as scripts/peers.py does.

    python3 scripts/compile-cost.py [--tag issues] [--runs 1]
"""

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "target" / "compile-cost"
TARGET = WORK / "target"


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def openapi_generator():
    venv = ROOT / "target" / "peers" / "venv"
    cli = venv / "bin" / "openapi-generator-cli"
    if not cli.exists():
        print("installing openapi-generator-cli ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "openapi-generator-cli"], check=True)
    return cli


def generate(spec):
    subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "xtask"], cwd=ROOT, check=True)
    ours, theirs = WORK / "ours", WORK / "openapi-generator"
    subprocess.run([str(ROOT / "target/release/xtask"), "codegen", "--spec", str(spec), "--out", str(ours),
                    "--name", "github-ours"], cwd=ROOT, check=True, capture_output=True)
    if not (theirs / "Cargo.toml").exists():
        subprocess.run([str(openapi_generator()), "generate", "-i", str(spec), "-g", "rust", "-o", str(theirs),
                        "--skip-validate-spec", "--additional-properties=packageName=github-ogen,library=reqwest"],
                       check=True, capture_output=True)
    for crate in (ours, theirs):
        manifest = crate / "Cargo.toml"
        text = manifest.read_text()
        if "[workspace]" not in text:
            manifest.write_text(text + "\n[workspace]\n")
    # Ours with the project's dependency versions.
    (ours / "Cargo.lock").write_bytes((ROOT / "Cargo.lock").read_bytes())
    return ours, theirs


def features(crate, extra):
    if crate.name == "openapi-generator":
        # rustls, as ours uses: no system OpenSSL needed.
        return ["--no-default-features", "--features", "rustls"]
    return extra


def check(crate, flags, incremental):
    """`cargo check` of the crate alone: dependencies built first, then the crate timed."""
    cmd = ["cargo", "check", "--quiet", "--manifest-path", str(crate / "Cargo.toml"), *flags]
    target = TARGET.with_name("target-inc") if incremental else TARGET
    env = {"CARGO_TARGET_DIR": str(target), "PATH": subprocess.os.environ["PATH"],
           "HOME": subprocess.os.environ["HOME"], "CARGO_INCREMENTAL": "1" if incremental else "0"}
    warm = run(cmd, env=env)
    if warm.returncode != 0:
        sys.exit(f"{crate.name} {flags}: cargo check failed\n{warm.stderr[-3000:]}")
    (crate / "src" / "lib.rs").touch()
    timed = run(["/usr/bin/time", "-f", "%e %M", *cmd], env=env)
    seconds, kib = timed.stderr.strip().splitlines()[-1].split()
    warnings = len(re.findall(r"^warning", warm.stderr, re.M))
    return float(seconds), int(kib) / 1024 / 1024, warnings


def size(crate):
    lines = types = 0
    for path in (crate / "src").rglob("*.rs"):
        text = path.read_text(errors="replace")
        lines += text.count("\n")
        types += len(re.findall(r"^\s*pub (?:struct|enum) ", text, re.M))
    return lines, types


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tag", default="issues", help="the tag feature checked alone")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--baseline", type=Path, help="another generated crate to check alongside (e.g. from an older commit)")
    args = parser.parse_args()
    spec = ROOT / run([str(ROOT / "scripts/fetch-github-spec.sh")], cwd=ROOT).stdout.strip()
    ours, theirs = generate(spec)
    single = f"ours, `{args.tag}` only"
    has_tag = f"\n{args.tag} = " in (ours / "Cargo.toml").read_text()
    crates = [("openapi-generator", theirs, features(theirs, [])), ("ours", ours, [])]
    if has_tag:
        crates.append((single, ours, ["--no-default-features", "--features", args.tag]))
    if args.baseline:
        crates.append(("baseline", args.baseline, []))
    sizes = {"ours": size(ours), "openapi-generator": size(theirs), single: size(ours)}
    if args.baseline:
        sizes["baseline"] = size(args.baseline)
    rows = {(name, inc): [] for name, _, _ in crates for inc in (False, True)}
    for _ in range(args.runs):
        for incremental in (False, True):
            for name, crate, flags in crates:
                rows[(name, incremental)].append(check(crate, flags, incremental))
    print("| GitHub REST client | first `cargo check` | its peak memory | re-check (incremental) | its peak memory | lines of Rust | types (`pub struct`/`pub enum`) | warnings |")
    print("|---|---|---|---|---|---|---|---|")
    for name, _, _ in crates:
        first, again = min(rows[(name, False)]), min(rows[(name, True)])
        lines, types = sizes[name]
        print(f"| {name} | {first[0]:.1f} s | {first[1]:.2f} GB | {again[0]:.1f} s | {again[1]:.2f} GB "
              f"| {lines:,} | {types:,} | {first[2]} |")
    for incremental in (False, True):
        ours_best, theirs_best = min(rows[("ours", incremental)]), min(rows[("openapi-generator", incremental)])
        label = "re-check" if incremental else "first check"
        print(f"\n{label}: ours / openapi-generator: time {ours_best[0] / theirs_best[0]:.2f}x, "
              f"memory {ours_best[1] / theirs_best[1]:.2f}x")


if __name__ == "__main__":
    main()
