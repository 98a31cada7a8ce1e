//! `cargo xtask features --spec FILE [--only a,b] [--sample N]`: generates the crate of a spec
//! and runs Clippy on it once per cargo feature it declares (each tag's feature alone, with no
//! default), then with none, the default (`full`) and all; fails on any error or warning.
//! `--only` picks features, `--sample N` N of them evenly spaced (the expensive sweeps run
//! locally; CI checks a fixed sample); `--singles-only` skips the default and all-features
//! checks (for a crate `cargo xtask github` already checks).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

use crate::corpus::{GENERATED_TARGET_DIR, generate_crate};
use crate::flags::Flags;

const USAGE: &str =
    "usage: cargo xtask features --spec FILE [--only a,b] [--sample N] [--singles-only]";

pub fn run(root: &Path, args: &[String]) -> Result<ExitCode> {
    let mut spec: Option<PathBuf> = None;
    let mut only: Option<Vec<String>> = None;
    let mut sample: Option<usize> = None;
    let mut singles_only = false;
    let mut flags = Flags::new(args, USAGE);
    while let Some(flag) = flags.next_flag() {
        match flag {
            "--spec" => spec = Some(PathBuf::from(flags.value(flag)?)),
            "--only" => only = Some(flags.value(flag)?.split(',').map(str::to_owned).collect()),
            "--sample" => sample = Some(flags.number(flag)?),
            "--singles-only" => singles_only = true,
            other => return Err(flags.unknown(other).into()),
        }
    }
    let Some(spec) = spec else {
        return Err(flags.error("--spec is needed").into());
    };
    let crates_dir = root.join("target/features");
    let name = "features";
    let output = generate_crate(&spec, &crates_dir, name)?;
    if !output.status.success() {
        bail!(
            "generation failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let crate_dir = crates_dir.join(name);
    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock"))?;
    let manifest_path = crate_dir.join("Cargo.toml");
    let mut manifest = std::fs::read_to_string(&manifest_path)?;
    if !manifest.contains("[workspace]") {
        manifest.push_str("\n[workspace]\n");
        std::fs::write(&manifest_path, &manifest)?;
    }
    let table: toml::Table = manifest.parse().context("the generated Cargo.toml")?;
    let declared: Vec<String> = table
        .get("features")
        .and_then(|f| f.as_table())
        .map(|f| {
            f.keys()
                .filter(|k| !matches!(k.as_str(), "default" | "full" | "mock" | "unused-schemas"))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let mut chosen = match (only, sample) {
        (Some(only), _) => {
            if let Some(unknown) = only.iter().find(|f| !declared.contains(f)) {
                bail!(
                    "the crate declares no feature `{unknown}` (it has: {})",
                    declared.join(", ")
                );
            }
            only
        }
        (None, Some(n)) if n < declared.len() => {
            let step = declared.len() as f64 / n as f64;
            (0..n)
                .map(|i| declared[(i as f64 * step) as usize].clone())
                .collect()
        }
        _ => declared.clone(),
    };
    chosen.dedup();
    let mut configs: Vec<(String, Vec<String>)> = chosen
        .iter()
        .map(|f| {
            (
                format!("`{f}` alone"),
                vec![
                    "--no-default-features".into(),
                    "--features".into(),
                    f.clone(),
                ],
            )
        })
        .collect();
    configs.push(("no features".into(), vec!["--no-default-features".into()]));
    if !singles_only {
        configs.push(("default".into(), Vec::new()));
        configs.push(("all features".into(), vec!["--all-features".into()]));
    }
    println!(
        "{} declares {} tag features; checking {} configurations",
        spec.display(),
        declared.len(),
        configs.len()
    );
    let mut failed = 0;
    for (label, flags) in &configs {
        let started = std::time::Instant::now();
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
            .args(["clippy", "--quiet", "--manifest-path"])
            .arg(&manifest_path)
            .args(flags)
            .args(["--", "-D", "warnings"])
            .env("CARGO_TARGET_DIR", root.join(GENERATED_TARGET_DIR))
            .env("CARGO_INCREMENTAL", "0")
            .output()
            .context("cannot run cargo clippy")?;
        let verdict = if output.status.success() {
            "clean"
        } else {
            "FAILED"
        };
        println!("{label:<40} {verdict} in {:.1?}", started.elapsed());
        if !output.status.success() {
            failed += 1;
            let stderr = String::from_utf8_lossy(&output.stderr);
            for line in stderr.lines().filter(|l| l.starts_with("error")).take(5) {
                println!("    {line}");
            }
        }
    }
    println!("total: {} configurations, {failed} failed", configs.len());
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
