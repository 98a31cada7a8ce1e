//! The generator's settings as a user keeps them: a `codegen.toml` file, and the command-line
//! flags that are each key's twin (a flag given wins over the file). Both the installable
//! `client-codegen` binary and `cargo xtask codegen` read them here, and a `build.rs` can too
//! ([`Job::from_config_file`]).
//!
//! ```toml
//! spec = "openapi.yaml"             # paths are relative to this file
//! out = "client"
//! overlays = ["fixes.yaml"]         # applied in order
//!
//! [crate]
//! name = "pets-client"
//! version = "0.2.0"
//!
//! [operations]                      # all by default
//! only = ["tag:pets"]
//! exclude = ["operation:deletePet"]
//!
//! [formats]                         # string format → Rust type
//! uuid = "uuid::Uuid"
//! decimal = "rust_decimal::Decimal"
//!
//! [replace]                         # component schema → an existing Rust type
//! Money = "money::Money"
//!
//! [dependencies]                    # for crates the generator does not know
//! money = { path = "../money" }
//!
//! [refs]
//! allow-outside = false             # files outside the spec's folder
//! allow-remote = false              # http(s) references, fetched with curl
//! ```
//!
//! Unknown keys are errors that name the key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::Options;
use crate::select::Selector;

/// The keys of `codegen.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    pub spec: Option<PathBuf>,
    pub out: Option<PathBuf>,
    #[serde(default)]
    pub overlays: Vec<PathBuf>,
    #[serde(default, rename = "crate")]
    pub package: PackageConfig,
    #[serde(default)]
    pub operations: OperationsConfig,
    #[serde(default)]
    pub formats: BTreeMap<String, String>,
    #[serde(default)]
    pub replace: BTreeMap<String, String>,
    #[serde(default)]
    pub dependencies: BTreeMap<String, toml::Value>,
    #[serde(default)]
    pub refs: RefsConfig,
}

impl Config {
    /// The `[formats]`, `[replace]` and `[dependencies]` tables.
    pub fn type_mappings(&self) -> crate::mapping::TypeMappings {
        crate::mapping::TypeMappings {
            formats: self.formats.clone(),
            replacements: self.replace.clone(),
            dependencies: self.dependencies.clone(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PackageConfig {
    pub name: Option<String>,
    pub version: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OperationsConfig {
    #[serde(default)]
    pub only: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RefsConfig {
    #[serde(default)]
    pub allow_outside: bool,
    #[serde(default)]
    pub allow_remote: bool,
}

/// A setting that cannot be used, or a command line that does not fit the usage.
#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// One generation: the spec to read, the crate folder to write, and the options.
#[derive(Debug, Clone)]
pub struct Job {
    pub spec: PathBuf,
    pub out: PathBuf,
    pub options: Options,
    /// Only compare the crate on disk with what would be written (`--check`).
    pub check: bool,
}

/// What a job starts from before a config file or flags change it (`cargo xtask codegen` has
/// the CertCentral spec and crate).
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    pub spec: Option<PathBuf>,
    pub out: Option<PathBuf>,
    pub name: Option<String>,
    /// The program as the `@generated` header names it (`cargo xtask codegen`).
    pub program: String,
    /// How the header records a path flag's value (by default as given, with `/`).
    pub record_path: Option<fn(&Path) -> String>,
}

/// The flags, for a usage text.
pub const FLAGS: &str =
    "  --config FILE            settings from a codegen.toml (flags given as well win)
  --spec FILE              the spec: OpenAPI 3.0, 3.1 or Swagger 2.0, YAML or JSON; it may
                           refer to other files
  --out DIR                the crate folder to write
  --name CRATE             the package name
  --version VERSION        the package version (default 0.1.0)
  --overlay FILE           an Overlay 1.0.0 document applied first (repeatable, in order)
  --only SELECTOR          only these operations: tag:NAME or operation:ID (repeatable)
  --exclude SELECTOR       leave these operations out (repeatable)
  --format FORMAT=TYPE     the Rust type of a string format (uuid=uuid::Uuid,
                           decimal=rust_decimal::Decimal, date-time=String)
  --replace SCHEMA=TYPE    an existing Rust type in place of a component schema
  --dependency CRATE=TOML  the Cargo dependency of a crate those types come from
                           (money='{ path = \"../money\" }')
  --allow-outside-refs     follow references to files outside the spec's folder
  --allow-remote-refs      fetch http(s) references (with curl)
  --check                  write nothing; exit 1 and list the files that differ";

impl Job {
    /// The job a command line describes (flags after the program's name), on `defaults`.
    pub fn from_args(args: &[String], defaults: &Defaults) -> Result<Job, ConfigError> {
        let mut flags = args.iter();
        let mut config: Option<(PathBuf, Config)> = None;
        let mut given: Vec<(String, String)> = Vec::new();
        let mut switches: Vec<String> = Vec::new();
        let mut recorded: Vec<String> = Vec::new();
        while let Some(flag) = flags.next() {
            match flag.as_str() {
                "--check" => switches.push(flag.clone()),
                "--allow-outside-refs" | "--allow-remote-refs" => {
                    recorded.push(flag.clone());
                    switches.push(flag.clone());
                }
                "--config" | "--spec" | "--out" | "--name" | "--version" | "--overlay"
                | "--only" | "--exclude" | "--format" | "--replace" | "--dependency" => {
                    let value = flags
                        .next()
                        .ok_or_else(|| ConfigError(format!("{flag} needs a value")))?;
                    if flag == "--config" {
                        let path = PathBuf::from(value);
                        config = Some((path.clone(), read_config(&path)?));
                    }
                    let path_flag =
                        matches!(flag.as_str(), "--config" | "--spec" | "--out" | "--overlay");
                    let shown_value = match (path_flag, defaults.record_path) {
                        (true, Some(record)) => record(Path::new(value)),
                        _ => shown(value),
                    };
                    recorded.push(format!("{flag} {shown_value}"));
                    given.push((flag.clone(), value.clone()));
                }
                other => return Err(ConfigError(format!("unknown argument `{other}`"))),
            }
        }
        let named = defaults.name.is_some()
            || config
                .as_ref()
                .is_some_and(|(_, c)| c.package.name.is_some())
            || given.iter().any(|(flag, _)| flag == "--name");
        let mut job = match config {
            Some((path, config)) => Job::from_config(&config, &path, defaults)?,
            None => Job::from_config(&Config::default(), Path::new("."), defaults)?,
        };
        for (flag, value) in given {
            job.apply_flag(&flag, &value)?;
        }
        if !named {
            job.name_after_folder();
        }
        for switch in switches {
            match switch.as_str() {
                "--check" => job.check = true,
                "--allow-outside-refs" => job.options.load.policy.allow_outside = true,
                _ => job.options.load.policy.fetch = Some(std::sync::Arc::new(fetch_with_curl)),
            }
        }
        if !recorded.is_empty() {
            job.options.command = format!("{} {}", defaults.program, recorded.join(" "));
        }
        job.finish()
    }

    /// The job a `codegen.toml` describes (for a `build.rs`: no flags).
    pub fn from_config_file(path: &Path) -> Result<Job, ConfigError> {
        let config = read_config(path)?;
        let defaults = Defaults {
            program: format!(
                "client-codegen --config {}",
                shown(&path.display().to_string())
            ),
            ..Defaults::default()
        };
        Job::from_config(&config, path, &defaults)?.finish()
    }

    fn from_config(config: &Config, path: &Path, defaults: &Defaults) -> Result<Job, ConfigError> {
        let folder = path.parent().unwrap_or(Path::new(""));
        let relative = |p: &PathBuf| folder.join(p);
        let mut options = Options {
            command: defaults.program.clone(),
            ..Options::default()
        };
        if let Some(name) = config
            .package
            .name
            .clone()
            .or_else(|| defaults.name.clone())
        {
            options.crate_name = name;
        }
        if let Some(version) = &config.package.version {
            options.crate_version = version.clone();
        }
        options.load.overlays = config.overlays.iter().map(relative).collect();
        options.load.policy.allow_outside = config.refs.allow_outside;
        if config.refs.allow_remote {
            options.load.policy.fetch = Some(std::sync::Arc::new(fetch_with_curl));
        }
        for (key, list, into) in [
            (
                "operations.only",
                &config.operations.only,
                &mut options.load.selection.only,
            ),
            (
                "operations.exclude",
                &config.operations.exclude,
                &mut options.load.selection.exclude,
            ),
        ] {
            for text in list {
                into.push(
                    text.parse::<Selector>()
                        .map_err(|e| ConfigError(format!("{key}: {e}")))?,
                );
            }
        }
        options.types = config.type_mappings();
        Ok(Job {
            spec: config
                .spec
                .as_ref()
                .map(relative)
                .or_else(|| defaults.spec.clone())
                .unwrap_or_default(),
            out: config
                .out
                .as_ref()
                .map(relative)
                .or_else(|| defaults.out.clone())
                .unwrap_or_default(),
            options,
            check: false,
        })
    }

    /// With no name given, the package is named after its folder, as `cargo new` names it,
    /// when the folder's name is a valid package name (else it keeps the default).
    fn name_after_folder(&mut self) {
        let folder = std::path::absolute(&self.out).unwrap_or_else(|_| self.out.clone());
        if let Some(name) = folder.file_name().and_then(|n| n.to_str())
            && crate::emit::check_crate_name(name).is_ok()
        {
            self.options.crate_name = name.to_owned();
        }
    }

    fn apply_flag(&mut self, flag: &str, value: &str) -> Result<(), ConfigError> {
        let pair = || {
            value
                .split_once('=')
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                .ok_or_else(|| ConfigError(format!("{flag} needs NAME=VALUE, not `{value}`")))
        };
        let selector = || {
            value
                .parse::<Selector>()
                .map_err(|e| ConfigError(format!("{flag}: {e}")))
        };
        let options = &mut self.options;
        match flag {
            "--spec" => self.spec = PathBuf::from(value),
            "--out" => self.out = PathBuf::from(value),
            "--name" => options.crate_name = value.to_owned(),
            "--version" => options.crate_version = value.to_owned(),
            "--overlay" => options.load.overlays.push(PathBuf::from(value)),
            "--only" => options.load.selection.only.push(selector()?),
            "--exclude" => options.load.selection.exclude.push(selector()?),
            "--format" => {
                let (format, ty) = pair()?;
                options.types.formats.insert(format, ty);
            }
            "--replace" => {
                let (schema, ty) = pair()?;
                options.types.replacements.insert(schema, ty);
            }
            "--dependency" => {
                let (krate, text) = pair()?;
                let table: toml::Table = toml::from_str(&format!("d = {text}")).map_err(|e| {
                    ConfigError(format!(
                        "--dependency {krate}: `{text}` is not a TOML value: {e}"
                    ))
                })?;
                if let Some(dependency) = table.get("d") {
                    options.types.dependencies.insert(krate, dependency.clone());
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn finish(self) -> Result<Job, ConfigError> {
        if self.spec.as_os_str().is_empty() {
            return Err(ConfigError(
                "no spec: give --spec FILE or `spec` in the config".into(),
            ));
        }
        if self.out.as_os_str().is_empty() {
            return Err(ConfigError(
                "no crate folder: give --out DIR or `out` in the config".into(),
            ));
        }
        crate::emit::check_crate_name(&self.options.crate_name)
            .map_err(|e| ConfigError(format!("crate name: {e}")))?;
        self.options
            .types
            .check()
            .map_err(|e| ConfigError(e.to_string()))?;
        Ok(self)
    }

    /// Generates the crate and writes it (or, with `check`, compares it).
    pub fn run(&self) -> Result<Run, crate::Error> {
        let generated = crate::generate_file(&self.spec, &self.options)?;
        let mode = match self.check {
            true => crate::freshness::Mode::Check,
            false => crate::freshness::Mode::Write,
        };
        let stale =
            crate::freshness::ensure_files(&self.out, &generated.files, mode).map_err(|e| {
                crate::Error::InvalidOptions {
                    message: format!("cannot bring {} up to date: {e}", self.out.display()),
                }
            })?;
        Ok(Run {
            files: generated.files.len(),
            stale,
            warnings: generated.warnings,
        })
    }
}

/// What a [`Job::run`] did.
#[derive(Debug)]
pub struct Run {
    /// The crate's files.
    pub files: usize,
    /// The files that differed (and were written, unless checking).
    pub stale: Vec<crate::freshness::Stale>,
    pub warnings: Vec<crate::Warning>,
}

/// Reads and checks a config file.
pub fn read_config(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ConfigError(format!("cannot read {}: {e}", path.display())))?;
    toml::from_str(&text).map_err(|e| ConfigError(format!("{}: {e}", path.display())))
}

/// A flag's value as the `@generated` header records it: paths with `/`, quoted when they
/// hold spaces.
fn shown(value: &str) -> String {
    let value = value.replace('\\', "/");
    match value.contains(' ') {
        true => format!("'{value}'"),
        false => value,
    }
}

/// Fetches a remote document with `curl` (the generator links no HTTP client).
fn fetch_with_curl(url: &str) -> Result<String, String> {
    let output = std::process::Command::new("curl")
        .args([
            "--fail",
            "--silent",
            "--show-error",
            "--location",
            "--max-time",
            "60",
            url,
        ])
        .output()
        .map_err(|e| format!("cannot run curl: {e}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).trim().to_owned());
    }
    String::from_utf8(output.stdout).map_err(|_| "the document is not UTF-8".to_owned())
}

#[cfg(test)]
mod tests {
    use super::{Defaults, Job};

    #[test]
    fn unknown_keys_are_errors_that_name_the_key() {
        let error = toml::from_str::<super::Config>("spec = 'a.yaml'\n[crate]\nnmae = 'x'\n")
            .expect_err("a typo");
        assert!(
            error.to_string().contains("unknown field `nmae`"),
            "{error}"
        );
    }

    #[test]
    fn flags_are_the_keys_twins() {
        let args: Vec<String> = [
            "--spec",
            "api.yaml",
            "--out",
            "client",
            "--name",
            "pets",
            "--version",
            "2.0.0",
            "--only",
            "tag:pets",
            "--exclude",
            "operation:purge",
            "--format",
            "uuid=uuid::Uuid",
            "--replace",
            "Money=money::Money",
            "--dependency",
            "money={ path = '../money' }",
            "--overlay",
            "fix.yaml",
            "--allow-outside-refs",
        ]
        .map(String::from)
        .to_vec();
        let defaults = Defaults {
            program: "client-codegen".into(),
            ..Defaults::default()
        };
        let job = Job::from_args(&args, &defaults).expect("a job");
        let options = &job.options;
        assert_eq!(
            (options.crate_name.as_str(), options.crate_version.as_str()),
            ("pets", "2.0.0")
        );
        assert_eq!(options.load.selection.only[0].to_string(), "tag:pets");
        assert_eq!(
            options.load.selection.exclude[0].to_string(),
            "operation:purge"
        );
        assert_eq!(options.types.formats["uuid"], "uuid::Uuid");
        assert!(options.types.dependencies.contains_key("money"));
        assert!(options.load.policy.allow_outside);
        assert!(
            options
                .command
                .starts_with("client-codegen --spec api.yaml --out client")
        );
        let bad = ["--only", "pets"].map(String::from);
        assert!(Job::from_args(&bad, &defaults).is_err());
    }

    #[test]
    fn an_unnamed_crate_takes_its_folders_name_when_cargo_accepts_it() {
        let defaults = Defaults::default();
        let name = |out: &str| {
            let args = ["--spec", "api.yaml", "--out", out].map(String::from);
            Job::from_args(&args, &defaults)
                .expect("a job")
                .options
                .crate_name
        };
        assert_eq!(name("clients/pets-client"), "pets-client");
        assert_eq!(name("clients/pets_client/"), "pets_client");
        // Not a package name: the default stays.
        assert_eq!(name("clients/1 pets"), "api-client");
        let named = [
            "--spec",
            "api.yaml",
            "--out",
            "pets-client",
            "--name",
            "pets",
        ]
        .map(String::from);
        assert_eq!(
            Job::from_args(&named, &defaults)
                .expect("a job")
                .options
                .crate_name,
            "pets"
        );
    }
}
