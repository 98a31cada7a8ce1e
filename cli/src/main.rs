//! `client-codegen`: the generator as a command of its own, for use outside this workspace
//! (`cargo install --path cli`). It takes the flags of `cargo xtask codegen` and reads a
//! `codegen.toml` (`--config`, or the one in the current folder when no spec is given).
//!
//! Exit codes: 0 success, 1 a spec, I/O or staleness error, 2 a usage error.

use std::io::Write as _;
use std::process::ExitCode;

use codegen::config::{Defaults, FLAGS, Job};

fn usage() -> String {
    format!(
        "usage: client-codegen [--config FILE] [--spec FILE --out DIR] [flags]

  (no flags)               read ./codegen.toml
{FLAGS}"
    )
}

/// A line on standard output; a closed pipe (`| head`) is not an error worth a panic.
fn say(line: &str) {
    let _ = writeln!(std::io::stdout(), "{line}");
}

/// Generation allocates and frees millions of small token trees; mimalloc spends about a
/// third less time on them than the system allocator (`BENCHMARKS.md`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        say(&usage());
        return ExitCode::SUCCESS;
    }
    let names_spec = args.iter().any(|a| a == "--spec" || a == "--config");
    if !names_spec && std::path::Path::new("codegen.toml").exists() {
        args.splice(0..0, ["--config".to_owned(), "codegen.toml".to_owned()]);
    }
    let defaults = Defaults {
        program: "client-codegen".to_owned(),
        ..Defaults::default()
    };
    let job = match Job::from_args(&args, &defaults) {
        Ok(job) => job,
        Err(e) => {
            eprintln!("error: {e}\n{}", usage());
            return ExitCode::from(2);
        }
    };
    let run = match job.run() {
        Ok(run) => run,
        Err(e) => {
            eprintln!("error: in {}: {e}", job.spec.display());
            return ExitCode::from(1);
        }
    };
    for warning in &run.warnings {
        eprintln!("warning: {}: {warning}", job.spec.display());
    }
    match (job.check, run.stale.is_empty()) {
        (true, true) => say(&format!("{} is up to date", job.out.display())),
        (true, false) => {
            eprintln!(
                "{} is stale; run `{}`:",
                job.out.display(),
                job.options.command
            );
            for line in &run.stale {
                eprintln!("  {line}");
            }
            return ExitCode::from(1);
        }
        (false, _) => say(&format!(
            "wrote {} ({} files, {} changed)",
            job.out.display(),
            run.files,
            run.stale.len()
        )),
    }
    ExitCode::SUCCESS
}
