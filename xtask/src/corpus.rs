//! `cargo xtask corpus`: the generator against a public feature corpus of OpenAPI 3.0 and 3.1
//! and Swagger 2.0 specs.
//!
//! Fetches `@readme/oas-examples` with `npm pack` into `target/corpus/` (once), generates a
//! standalone crate for each spec of its `3.0/yaml/`, `3.1/yaml/` and `2.0/yaml/` folders with
//! `cargo xtask codegen --spec … --out …` (a separate process, so a panic would show as one),
//! then `cargo check`s all of them in one workspace with one target dir, and prints a line per
//! spec and a total.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use crate::flags::Flags;
use anyhow::{Context, Result, bail};

const PACKAGE: &str = "@readme/oas-examples@8.2.2";
const TARBALL: &str = "readme-oas-examples-8.2.2.tgz";
/// The corpus's folders, each with the prefix its crates get (3.0's keep their names).
const VERSIONS: [(&str, &str); 3] = [("3.0", ""), ("3.1", "v31-"), ("2.0", "v20-")];
/// At least this many specs must generate a crate that compiles without warnings: all of them
/// (40 of 3.0, 12 of 3.1, 7 of 2.0).
const MIN_CLEAN: usize = 59;

/// What happened to one spec.
#[derive(Default)]
pub struct Outcome {
    pub generated: bool,
    pub panicked: bool,
    pub generate_error: Option<String>,
    pub warnings: Vec<String>,
    pub errors: Vec<String>,
    pub compiled: bool,
}

/// The target dir shared by every generated crate that xtask checks (corpus, GitHub).
pub const GENERATED_TARGET_DIR: &str = "target/generated-crates";

pub fn run(root: &Path, args: &[String]) -> Result<ExitCode> {
    let mut verbose = false;
    let mut flags = Flags::new(args, "usage: cargo xtask corpus [--verbose]");
    while let Some(flag) = flags.next_flag() {
        match flag {
            "--verbose" => verbose = true,
            other => return Err(flags.unknown(other).into()),
        }
    }
    let dir = root.join("target/corpus");
    let specs = specs(root)?;
    let crates_dir = dir.join("crates");
    if crates_dir.exists() {
        std::fs::remove_dir_all(&crates_dir)
            .with_context(|| format!("cannot clear {}", crates_dir.display()))?;
    }
    let mut outcomes: BTreeMap<String, Outcome> = BTreeMap::new();
    for (stem, spec) in &specs {
        let output = generate_crate(spec, &crates_dir, stem)?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        let mut outcome = Outcome {
            generated: output.status.success(),
            // The CLI turns a caught panic into this message; any exit code but 0 or 1 is a crash.
            panicked: stderr.contains("internal error")
                || !matches!(output.status.code(), Some(0 | 1)),
            ..Outcome::default()
        };
        if !outcome.generated {
            outcome.generate_error = Some(
                stderr
                    .lines()
                    .find(|l| l.starts_with("error"))
                    .unwrap_or("no message")
                    .replace(&format!("in {}: ", spec.display()), "")
                    .to_owned(),
            );
        }
        outcomes.insert(stem.clone(), outcome);
    }

    let generated: Vec<String> = outcomes
        .iter()
        .filter(|(_, o)| o.generated)
        .map(|(name, _)| name.clone())
        .collect();
    if !generated.is_empty() {
        check(root, &crates_dir, &generated, &mut outcomes)?;
    }

    let mut clean = 0;
    let mut panics = 0;
    for (name, o) in &outcomes {
        let status = if o.panicked {
            panics += 1;
            "PANIC".to_owned()
        } else if let Some(error) = &o.generate_error {
            format!("not generated: {error}")
        } else if !o.errors.is_empty() {
            format!("generated, does not compile ({} errors)", o.errors.len())
        } else if !o.compiled {
            "generated, not checked".to_owned()
        } else if !o.warnings.is_empty() {
            format!("generated, compiles with {} warnings", o.warnings.len())
        } else {
            clean += 1;
            "generated, compiles without warnings".to_owned()
        };
        println!("{name:<32} {status}");
        let shown = if verbose { usize::MAX } else { 3 };
        for message in o.errors.iter().chain(&o.warnings).take(shown) {
            println!("    {}", message.lines().next().unwrap_or_default());
        }
    }
    let total = outcomes.len();
    let generated = outcomes.values().filter(|o| o.generated).count();
    println!(
        "total: {total} specs, {generated} generated, {clean} compile without warnings, {panics} panics (target: no panic, at least {MIN_CLEAN} compile)"
    );
    if panics > 0 || clean < MIN_CLEAN {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The corpus's specs (fetched when not there yet), each with the stem its crate is named by.
pub fn specs(root: &Path) -> Result<Vec<(String, PathBuf)>> {
    let package = fetch(&root.join("target/corpus"))?;
    let mut specs: Vec<(String, PathBuf)> = Vec::new();
    for (version, prefix) in VERSIONS {
        let folder = package.join(version).join("yaml");
        let mut found: Vec<PathBuf> = std::fs::read_dir(&folder)
            .with_context(|| format!("cannot list {}", folder.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        found.sort();
        for spec in found {
            let stem = spec.file_stem().unwrap_or_default().to_string_lossy();
            specs.push((format!("{prefix}{stem}"), spec));
        }
    }
    Ok(specs)
}

pub fn crate_name(stem: &str) -> String {
    format!("oas-{stem}")
}

/// Runs `xtask codegen` in its own process (so a panic shows as one) to write the crate for
/// `spec` into `crates_dir/stem`.
pub fn generate_crate(spec: &Path, crates_dir: &Path, stem: &str) -> Result<std::process::Output> {
    Command::new(std::env::current_exe().context("cannot find the xtask binary")?)
        .arg("codegen")
        .arg("--spec")
        .arg(spec)
        .arg("--out")
        .arg(crates_dir.join(stem))
        .arg("--name")
        .arg(crate_name(stem))
        .output()
        .context("cannot run `xtask codegen`")
}

/// The corpus's package folder, fetched with `npm pack` when not there yet.
fn fetch(dir: &Path) -> Result<PathBuf> {
    let package = dir.join("package");
    let specs = package.join("2.0/yaml");
    if specs.is_dir() {
        return Ok(package);
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let status = Command::new("npm")
        .args(["pack", "--silent", PACKAGE, "--pack-destination"])
        .arg(dir)
        .status()
        .context("cannot run npm (Node.js is needed to fetch the corpus)")?;
    if !status.success() {
        bail!("`npm pack {PACKAGE}` failed");
    }
    let status = Command::new("tar")
        .arg("xzf")
        .arg(dir.join(TARBALL))
        .arg("-C")
        .arg(dir)
        .status()
        .context("cannot run tar")?;
    if !status.success() || !specs.is_dir() {
        bail!("{TARBALL} did not unpack into {}", specs.display());
    }
    Ok(package)
}

/// `cargo check`s the generated crates as one workspace with one target dir, and records each
/// crate's warnings and errors.
pub fn check(
    root: &Path,
    crates_dir: &Path,
    members: &[String],
    outcomes: &mut BTreeMap<String, Outcome>,
) -> Result<()> {
    let output = check_workspace(root, crates_dir, members, "corpus")?;
    let by_crate: BTreeMap<String, String> = members
        .iter()
        .map(|m| (crate_name(m).replace('-', "_"), m.clone()))
        .collect();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let target = message["target"]["name"].as_str().unwrap_or_default();
        let Some(stem) = by_crate.get(target) else {
            continue;
        };
        let Some(outcome) = outcomes.get_mut(stem) else {
            continue;
        };
        match message["reason"].as_str() {
            Some("compiler-artifact") => outcome.compiled = true,
            Some("compiler-message") => {
                let rendered = message["message"]["rendered"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                match message["message"]["level"].as_str() {
                    Some("warning") if !rendered.contains("warnings emitted") => {
                        outcome.warnings.push(rendered)
                    }
                    Some("error") => outcome.errors.push(rendered),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    for outcome in outcomes.values_mut() {
        if !outcome.errors.is_empty() {
            outcome.compiled = false;
        }
    }
    if !output.status.success() && outcomes.values().all(|o| o.errors.is_empty()) {
        bail!(
            "cargo check failed outside the generated crates:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

/// Runs Clippy on a workspace of `members` (folders of `dir`), as [`cargo_workspace`] does.
pub fn check_workspace(
    root: &Path,
    dir: &Path,
    members: &[String],
    by: &str,
) -> Result<std::process::Output> {
    cargo_workspace(root, dir, members, by, "clippy")
}

/// Writes `dir/Cargo.toml`, a workspace of `members` (written by `cargo xtask {by}`), with the
/// project's `Cargo.lock`, and runs `cargo {subcommand}` on all of it in the shared target dir
/// for generated crates, every crate tried (`--keep-going`), messages as JSON.
pub fn cargo_workspace(
    root: &Path,
    dir: &Path,
    members: &[String],
    by: &str,
    subcommand: &str,
) -> Result<std::process::Output> {
    let mut workspace = toml::Table::new();
    workspace.insert("resolver".into(), "3".into());
    workspace.insert(
        "members".into(),
        toml::Value::Array(members.iter().map(|m| m.as_str().into()).collect()),
    );
    let manifest =
        toml::Table::from_iter([("workspace".to_owned(), toml::Value::Table(workspace))]);
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "# Written by `cargo xtask {by}`.\n{}",
            toml::to_string(&manifest)?
        ),
    )?;
    // Same dependency versions as the project itself.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
        .context("cannot copy Cargo.lock")?;
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args([
            subcommand,
            "--workspace",
            "--keep-going",
            "--message-format=json",
        ])
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join(GENERATED_TARGET_DIR))
        // One-shot checks: incremental caches would only fill the disk (GBs per GitHub check).
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .with_context(|| format!("cannot run cargo {subcommand}"))
}
