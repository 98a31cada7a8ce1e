//! The command line as a user meets it: every command answers `--help` with its usage (exit
//! 0), and a wrong flag is a usage error (exit 2) that names it.

use std::process::Command;

fn xtask(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("xtask runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn every_command_answers_help_with_its_usage() {
    for command in ["codegen", "corpus", "github", "compile-fuzz", "features"] {
        let (code, stdout, _) = xtask(&[command, "--help"]);
        assert_eq!(code, 0, "{command}");
        assert!(
            stdout.starts_with(&format!("usage: cargo xtask {command}")),
            "{command}: {stdout}"
        );
    }
    let (code, stdout, _) = xtask(&["--help"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Each command takes --help."), "{stdout}");
}

#[test]
fn an_unknown_flag_is_a_usage_error_naming_it() {
    let (code, _, stderr) = xtask(&["codegen", "--frobnicate"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unknown argument `--frobnicate`"),
        "{stderr}"
    );
    assert!(stderr.contains("usage: cargo xtask codegen"), "{stderr}");
    let (code, _, stderr) = xtask(&["compile-fuzz", "--count", "many"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--count needs a number, not `many`"),
        "{stderr}"
    );
}
