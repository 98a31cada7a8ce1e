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
//! cargo xtask wire-check [--spec FILE] [--corpus] [--github] [--mode M] [--operation ID]
//!                                     every operation of each spec's client against a Prism
//!                                     mock of the spec: requests valid, answers decoded
//! ```
//!
//! Exit codes: 0 success, 1 a spec, I/O or staleness error, 2 a usage error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

mod compile_fuzz;
mod corpus;
mod features;
mod flags;
mod github;
mod prism_deviations;
mod wire_check;

use flags::UsageError;

/// `cargo xtask codegen`'s usage: the generator's flags ([`codegen::config::FLAGS`]).
fn codegen_usage() -> String {
    format!(
        "usage: cargo xtask codegen [--check] [--config FILE] [--spec FILE --out DIR] [flags]

  (no flags)               write generated-client/ from spec/certcentral.yaml
{}",
        codegen::config::FLAGS
    )
}

const USAGE: &str =
    "usage: cargo xtask codegen [--check] [--config FILE] [--spec FILE --out DIR] [flags]
       cargo xtask corpus [--verbose]
       cargo xtask github
       cargo xtask compile-fuzz [--seed S] [--count N] [--batch B] [--no-shrink]
       cargo xtask features --spec FILE [--only a,b] [--sample N] [--singles-only]
       cargo xtask wire-check [--spec FILE]... [--corpus] [--github] [--only STEM,…]
                              [--mode static|dynamic|both] [--operation ID] [--jobs N] [--verbose]
Each command takes --help.";

/// Generation allocates and frees millions of small token trees; mimalloc spends about a
/// third less time on them than the system allocator (`BENCHMARKS.md`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match std::panic::catch_unwind(|| run(&args)) {
        Ok(Ok(code)) => code,
        Ok(Err(e)) if e.is::<UsageError>() => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
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

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

/// The generation `cargo xtask codegen` flags describe: by default the CertCentral client.
fn parse_args(rest: &[String]) -> Result<codegen::config::Job, UsageError> {
    if rest.iter().any(|a| a == "--help" || a == "-h") {
        println!("{}", codegen_usage());
        std::process::exit(0);
    }
    let root = workspace_root();
    // The CertCentral spec, folder and name only when no other spec is named: another API's
    // crate must not land in `generated-client/` or take its name.
    let certcentral = !rest.iter().any(|a| a == "--spec" || a == "--config");
    let defaults = codegen::config::Defaults {
        spec: certcentral.then(|| root.join("spec/certcentral.yaml")),
        out: certcentral.then(|| root.join("generated-client")),
        name: certcentral.then(|| "digicert-certcentral".to_owned()),
        program: "cargo xtask codegen".to_owned(),
        record_path: Some(|path| as_recorded(path, &workspace_root())),
    };
    codegen::config::Job::from_args(rest, &defaults)
        .map_err(|e| UsageError(format!("{e}\n{}", codegen_usage())))
}

/// A path as the `@generated` header records it, the same however the caller spelled it and
/// wherever they ran the command: relative to the workspace when inside it, else its file name.
fn as_recorded(path: &Path, root: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let normal: PathBuf = absolute.components().fold(PathBuf::new(), |mut out, part| {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
        out
    });
    let shown = match normal.strip_prefix(root) {
        Ok(inside) => inside.to_path_buf(),
        Err(_) => normal.file_name().map(PathBuf::from).unwrap_or(normal),
    };
    shown
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn run(args: &[String]) -> Result<ExitCode> {
    let root = workspace_root();
    match args.split_first().map(|(t, r)| (t.as_str(), r)) {
        Some(("codegen", rest)) => codegen(parse_args(rest)?),
        Some(("corpus", rest)) => corpus::run(&root, rest),
        Some(("github", rest)) => github::run(&root, rest),
        Some(("compile-fuzz", rest)) => compile_fuzz::run(&root, rest),
        Some(("features", rest)) => features::run(&root, rest),
        Some(("wire-check", rest)) => wire_check::run(&root, rest),
        Some(("--help" | "-h" | "help", _)) => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        Some((other, _)) => Err(UsageError(format!("unknown command `{other}`\n{USAGE}")).into()),
        None => Err(UsageError(USAGE.to_owned()).into()),
    }
}

fn codegen(job: codegen::config::Job) -> Result<ExitCode> {
    let run = job
        .run()
        .with_context(|| format!("in {}", job.spec.display()))?;
    for warning in &run.warnings {
        eprintln!("warning: {}: {warning}", job.spec.display());
    }
    if job.check {
        if run.stale.is_empty() {
            println!("{} is up to date", job.out.display());
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!(
            "{} is stale; run `{}`:",
            job.out.display(),
            job.options.command
        );
        for line in &run.stale {
            eprintln!("  {line}");
        }
        return Ok(ExitCode::from(1));
    }
    println!(
        "wrote {} ({} files, {} changed)",
        job.out.display(),
        run.files,
        run.stale.len()
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::{as_recorded, parse_args, workspace_root};

    /// `cargo xtask codegen --check` agrees with the run that wrote the files however either
    /// spelled the paths: the header records them relative to the workspace.
    #[test]
    fn the_header_does_not_depend_on_how_paths_are_spelled() {
        let root = workspace_root();
        let absolute = root.join("tests/specs/bodies.yaml");
        // Tests run in `xtask/`.
        for spelled in [
            absolute.to_string_lossy().into_owned(),
            "../tests/specs/bodies.yaml".to_owned(),
            "./../tests/./specs/x/../bodies.yaml".to_owned(),
        ] {
            assert_eq!(
                as_recorded(std::path::Path::new(&spelled), &root),
                "tests/specs/bodies.yaml",
                "{spelled}"
            );
        }
        let outside = std::env::temp_dir().join("elsewhere/petstore.yaml");
        assert_eq!(as_recorded(&outside, &root), "petstore.yaml");
        let args = |spec: &str| {
            let words = ["--spec", spec, "--out", "../target/x"].map(String::from);
            parse_args(&words).expect("parses").options.command
        };
        assert_eq!(
            args("../tests/specs/bodies.yaml"),
            args(&absolute.to_string_lossy())
        );
        assert_eq!(
            args("../tests/specs/bodies.yaml"),
            "cargo xtask codegen --spec tests/specs/bodies.yaml --out target/x"
        );
    }

    /// Another spec's crate is not written into `generated-client/` nor named after CertCentral:
    /// it needs `--out`, and takes its folder's name unless `--name` gives one.
    #[test]
    fn another_spec_needs_its_own_folder_and_takes_its_name() {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let certcentral = parse_args(&[]).expect("the default job");
        assert_eq!(certcentral.options.crate_name, "digicert-certcentral");
        assert!(certcentral.out.ends_with("generated-client"));
        let error = parse_args(&words(&["--spec", "pets.yaml"])).expect_err("no --out");
        assert!(error.to_string().contains("--out"), "{error}");
        let pets = parse_args(&words(&[
            "--spec",
            "pets.yaml",
            "--out",
            "../target/pets-client",
        ]))
        .expect("a job");
        assert_eq!(pets.options.crate_name, "pets-client");
        let named = parse_args(&words(&[
            "--spec",
            "pets.yaml",
            "--out",
            "../target/x",
            "--name",
            "pets",
        ]))
        .expect("a job");
        assert_eq!(named.options.crate_name, "pets");
    }
}
