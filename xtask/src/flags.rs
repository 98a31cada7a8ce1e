//! Command-line flags, read the same way by every command: `--flag value`, switches, `--help`
//! (the command's usage on standard output, exit 0), and usage errors (exit 2) that name the
//! flag and show the usage.

use std::fmt;
use std::str::FromStr;

/// A command line that does not fit the command's usage.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// The flags after a command's name.
pub struct Flags<'a> {
    args: std::slice::Iter<'a, String>,
    usage: &'static str,
}

impl<'a> Flags<'a> {
    pub fn new(args: &'a [String], usage: &'static str) -> Self {
        Flags {
            args: args.iter(),
            usage,
        }
    }

    /// The next flag. `--help` (or `-h`) prints the usage and ends the program.
    pub fn next_flag(&mut self) -> Option<&'a str> {
        let flag = self.args.next()?;
        if flag == "--help" || flag == "-h" {
            println!("{}", self.usage);
            std::process::exit(0);
        }
        Some(flag)
    }

    /// The value after `flag`.
    pub fn value(&mut self, flag: &str) -> Result<&'a str, UsageError> {
        self.args
            .next()
            .map(String::as_str)
            .ok_or_else(|| self.error(&format!("{flag} needs a value")))
    }

    /// The value after `flag`, as a number.
    pub fn number<T: FromStr>(&mut self, flag: &str) -> Result<T, UsageError> {
        let value = self.value(flag)?;
        value
            .parse()
            .map_err(|_| self.error(&format!("{flag} needs a number, not `{value}`")))
    }

    /// The error for a flag the command does not know.
    pub fn unknown(&self, flag: &str) -> UsageError {
        self.error(&format!("unknown argument `{flag}`"))
    }

    /// A usage error: `problem`, then the usage.
    pub fn error(&self, problem: &str) -> UsageError {
        UsageError(format!("{problem}\n{}", self.usage))
    }
}
