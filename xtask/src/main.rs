//! `cargo xtask codegen` regenerates `generated-client/` from `spec/`.
//!
//! ```text
//! cargo xtask codegen                 write generated-client/ from spec/certcentral.yaml
//! cargo xtask codegen --check         exit 1 and list the stale files if they differ
//! cargo xtask codegen --spec FILE --out DIR [--name CRATE] [--check]
//!                                     a standalone crate for any spec
//! cargo xtask corpus [--verbose]      generate and check a crate for each spec of a public corpus
//! cargo xtask github                  generate and check a crate from GitHub's REST description
//! cargo xtask compile-fuzz [--seed S] [--count N]
//!                                     generate N random specs, check their crates in batches,
//!                                     shrink any failure into tests/specs/regressions/
//! cargo xtask features --spec FILE [--only a,b] [--sample N] [--singles-only]
//!                                     Clippy on a spec's crate once per tag feature
//! ```
//!
//! Exit codes: 0 success, 1 a spec, I/O or staleness error, 2 a usage error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

mod compile_fuzz;
mod corpus;
mod features;
mod github;

const USAGE: &str = "usage: cargo xtask codegen [--check] [--spec FILE --out DIR [--name CRATE]]\n       cargo xtask corpus [--verbose]\n       cargo xtask github\n       cargo xtask compile-fuzz [--seed S] [--count N] [--batch B] [--no-shrink]\n       cargo xtask features --spec FILE [--only a,b] [--sample N] [--singles-only]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match std::panic::catch_unwind(|| run(&args)) {
        Ok(Ok(code)) => code,
        Ok(Err(e)) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
        Err(_) => {
            eprintln!(
                "error: internal error (a bug in the generator; please report it with the spec)"
            );
            ExitCode::from(1)
        }
    }
}

#[derive(Debug)]
struct Args {
    spec: PathBuf,
    out: PathBuf,
    name: String,
    check: bool,
    command: String,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

fn parse_args(args: &[String]) -> Result<Option<Args>> {
    let Some((task, rest)) = args.split_first() else {
        return Ok(None);
    };
    if task != "codegen" {
        return Ok(None);
    }
    let root = workspace_root();
    let mut parsed = Args {
        spec: root.join("spec/certcentral.yaml"),
        out: root.join("generated-client"),
        name: "digicert-certcentral".to_owned(),
        check: false,
        command: "cargo xtask codegen".to_owned(),
    };
    let mut custom = Vec::new();
    let mut rest = rest.iter();
    while let Some(flag) = rest.next() {
        let mut value = || {
            rest.next()
                .cloned()
                .with_context(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--check" => parsed.check = true,
            "--spec" => {
                let v = value()?;
                custom.push(format!("--spec {v}"));
                parsed.spec = PathBuf::from(v);
            }
            "--out" => {
                let v = value()?;
                custom.push(format!("--out {v}"));
                parsed.out = PathBuf::from(v);
            }
            "--name" => {
                let v = value()?;
                custom.push(format!("--name {v}"));
                parsed.name = v;
            }
            other => bail!("unknown argument `{other}`\n{USAGE}"),
        }
    }
    if !custom.is_empty() {
        parsed.command = format!("cargo xtask codegen {}", custom.join(" "));
    }
    Ok(Some(parsed))
}

fn run(args: &[String]) -> Result<ExitCode> {
    match args.split_first().map(|(t, r)| (t.as_str(), r)) {
        Some(("corpus", rest)) => return corpus::run(&workspace_root(), rest),
        Some(("github", rest)) => return github::run(&workspace_root(), rest),
        Some(("compile-fuzz", rest)) => return compile_fuzz::run(&workspace_root(), rest),
        Some(("features", rest)) => return features::run(&workspace_root(), rest),
        _ => {}
    }
    let Some(args) = parse_args(args)? else {
        eprintln!("{USAGE}");
        return Ok(ExitCode::from(2));
    };
    if let Err(e) = codegen::emit::check_crate_name(&args.name) {
        eprintln!("error: --name: {e}\n{USAGE}");
        return Ok(ExitCode::from(2));
    }
    let spec = std::fs::read_to_string(&args.spec)
        .with_context(|| format!("cannot read {}", args.spec.display()))?;
    let options = codegen::Options {
        crate_name: args.name.clone(),
        crate_version: "0.1.0".to_owned(),
        command: args.command.clone(),
    };
    let generated = codegen::generate(&spec, &options)
        .with_context(|| format!("in {}", args.spec.display()))?;
    for warning in &generated.warnings {
        eprintln!("warning: {}: {warning}", args.spec.display());
    }
    let mode = match args.check {
        true => codegen::freshness::Mode::Check,
        false => codegen::freshness::Mode::Write,
    };
    let stale = codegen::freshness::ensure_files(&args.out, &generated.files, mode)
        .with_context(|| format!("cannot bring {} up to date", args.out.display()))?;
    if args.check {
        if stale.is_empty() {
            println!("{} is up to date", args.out.display());
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("{} is stale; run `{}`:", args.out.display(), args.command);
        for line in &stale {
            eprintln!("  {line}");
        }
        return Ok(ExitCode::from(1));
    }
    println!(
        "wrote {} ({} files, {} changed)",
        args.out.display(),
        generated.files.len(),
        stale.len()
    );
    Ok(ExitCode::SUCCESS)
}
