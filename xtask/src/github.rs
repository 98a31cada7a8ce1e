//! `cargo xtask github`: generates a crate from GitHub's REST description (1,223 operations,
//! fetched by `scripts/fetch-github-spec.sh`) and `cargo check`s it; fails on any warning.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

use crate::corpus::{self, Outcome};
use crate::flags::Flags;

/// GitHub's spec, fetched by `scripts/fetch-github-spec.sh` when not there yet.
pub fn spec(root: &Path) -> Result<PathBuf> {
    let fetched = Command::new(root.join("scripts/fetch-github-spec.sh"))
        .output()
        .context("cannot run scripts/fetch-github-spec.sh")?;
    if !fetched.status.success() {
        bail!(
            "fetching the GitHub spec failed: {}",
            String::from_utf8_lossy(&fetched.stderr)
        );
    }
    Ok(root.join(String::from_utf8_lossy(&fetched.stdout).trim()))
}

pub fn run(root: &Path, args: &[String]) -> Result<ExitCode> {
    let mut flags = Flags::new(args, "usage: cargo xtask github");
    if let Some(other) = flags.next_flag() {
        return Err(flags.unknown(other).into());
    }
    let spec = spec(root)?;
    let crates_dir = root.join("target/github/crates");
    let name = "github";
    let started = std::time::Instant::now();
    let output = corpus::generate_crate(&spec, &crates_dir, name)?;
    if !output.status.success() {
        bail!(
            "generation failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    println!(
        "generated {} in {:.2?} (debug xtask)",
        spec.display(),
        started.elapsed()
    );
    let mut outcomes = BTreeMap::from([(
        name.to_owned(),
        Outcome {
            generated: true,
            ..Outcome::default()
        },
    )]);
    let started = std::time::Instant::now();
    corpus::check(root, &crates_dir, &[name.to_owned()], &mut outcomes)?;
    let outcome = &outcomes[name];
    for message in outcome.errors.iter().chain(&outcome.warnings).take(20) {
        println!("{message}");
    }
    println!(
        "cargo check in {:.0?}: {} errors, {} warnings",
        started.elapsed(),
        outcome.errors.len(),
        outcome.warnings.len()
    );
    Ok(
        if outcome.compiled && outcome.errors.is_empty() && outcome.warnings.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        },
    )
}
