//! `cargo xtask wire-check`: generated clients against an independent server of their spec.
//!
//! For each spec: the client crate (as `cargo xtask codegen` writes it) and a driver program
//! (`codegen::wire_driver`) that calls every operation with values a validator accepts and a
//! credential for every security scheme; all built as one workspace in the shared target dir.
//! Then, per spec and per Prism mode (`static`: answers from the spec's examples; `dynamic`:
//! data generated from the schemas), a Stoplight Prism mock of that spec on loopback judges each
//! request (its violations) while the driver checks that the client decodes each answer. One
//! row per operation that is not `ok`, with the command that reproduces it, and totals. Exits
//! non-zero on any rejection, decode failure or other failure; skips are only what Prism cannot
//! serve, each with its reason.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::corpus;
use crate::flags::Flags;

const USAGE: &str = "usage: cargo xtask wire-check [--spec FILE]... [--corpus] [--github] \
[--only STEM,…] [--mode static|dynamic|both] [--operation ID] [--jobs N] [--verbose]";

/// The Prism the README's test command installs (`.ci/with-prism`).
const PRISM: &str = "target/prism/node_modules/.bin/prism";
const PRISM_PACKAGE: &str = "@stoplight/prism-cli@5.14.2";

/// The results a row can have; all but `ok`, `deviation` (Prism is wrong, see
/// `prism_deviations`), `spec-defect` (the spec contradicts itself: an example breaks its
/// schema, or the members of a `oneOf` without a discriminator overlap, so no value is valid)
/// and `skipped` fail the check.
const RESULTS: [&str; 9] = [
    "ok",
    "deviation",
    "spec-defect",
    "rejected",
    "decode",
    "input",
    "not-sent",
    "failed",
    "skipped",
];

/// The results that do not fail the check.
const PASSING: [&str; 4] = ["ok", "deviation", "spec-defect", "skipped"];

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Mode {
    Static,
    Dynamic,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Static => "static",
            Mode::Dynamic => "dynamic",
        }
    }
}

/// One operation's verdict in one mode.
#[derive(Debug, Clone)]
struct Row {
    operation: String,
    method: String,
    path: String,
    /// The media type of the request body, if any.
    body_type: Option<String>,
    /// The schemas of its inputs that no value satisfies as JSON Schema.
    conflicts: Vec<Conflict>,
    /// The operation's place in the spec (`#/paths/…`).
    pointer: String,
    /// An answer that did not decode: its status and (the start of) its body.
    answer: Option<(u16, String)>,
    result: String,
    detail: String,
}

impl Row {
    /// An answer that did not decode because it breaks the spec's own schema: Prism made it up
    /// wrong (it cuts recursive examples short with `{}`, say), and the client rightly refuses
    /// it. Only a whole body can be judged (the driver passes the first KiB).
    fn judge_answer(&mut self, sampler: &codegen::samples::Sampler<'_>) {
        let Some((status, body)) = &self.answer else {
            return;
        };
        if self.result != "decode" {
            return;
        }
        let Ok(body) = serde_json::from_str::<serde_json::Value>(body) else {
            return;
        };
        if let Some(why) = sampler.misfit_response(&self.pointer, *status, &body) {
            self.result = "deviation".to_owned();
            self.detail = format!(
                "Prism deviation prism-answer-breaks-schema (xtask/src/prism_deviations.rs): its answer ({status}) does not fit the spec's schema: {why}; the client rightly refuses it: {}",
                self.detail
            );
        }
    }
}

/// A schema no value satisfies (`codegen::samples::Conflict`, as the driver reports it).
#[derive(Debug, Clone)]
struct Conflict {
    schema: String,
    /// `oneof-overlap`, `allof-types`, `endless-required`, `nested-parameter` (its `schema`
    /// is the parameter's name) or `authorization-twice`.
    kind: String,
    discriminator: String,
}

impl Conflict {
    fn schema_words(&self) -> String {
        match self.schema.as_str() {
            "" => "an input".to_owned(),
            name => format!("`{name}`"),
        }
    }
}

impl Row {
    /// A rejection whose every violation is a known Prism deviation becomes a `deviation`, one
    /// that is only the spec's overlapping `oneOf` a `spec-defect`; the known ones are set
    /// apart from the others.
    fn judge_deviations(&mut self, swagger2: bool) {
        if let Some(conflict) = self.conflicts.iter().find(|c| c.kind == "endless-required")
            && (self.result == "input" || self.result == "rejected")
        {
            self.result = "spec-defect".to_owned();
            self.detail = format!(
                "{} requires a member that leads back to it: no finite value fits ({})",
                conflict.schema_words(),
                self.detail.chars().take(200).collect::<String>()
            );
            return;
        }
        if self.result != "rejected" {
            return;
        }
        let request = crate::prism_deviations::Request {
            body_type: self.body_type.as_deref(),
            swagger2,
            discriminated_overlap: self
                .conflicts
                .iter()
                .any(|c| c.kind == "oneof-overlap" && !c.discriminator.is_empty()),
        };
        if self
            .conflicts
            .iter()
            .any(|c| c.kind == "authorization-twice")
        {
            self.result = "spec-defect".to_owned();
            self.detail = format!(
                "every security requirement joins schemes that need different `Authorization` credentials, and a request has one Authorization header (RFC 9110 §11.6.2) ({})",
                self.detail
            );
            return;
        }
        // A parameter holding objects in a list (or object) has no defined form on the wire;
        // the client writes the inner ones as JSON, which a validator cannot read.
        let nested: Vec<&Conflict> = self
            .conflicts
            .iter()
            .filter(|c| c.kind == "nested-parameter")
            .collect();
        if !nested.is_empty()
            && self.detail.split("; ").all(|v| {
                nested.iter().any(|c| {
                    v.split_once(": ")
                        .is_some_and(|(at, _)| at.split('.').nth(1) == Some(c.schema.as_str()))
                })
            })
        {
            let names: Vec<String> = nested.iter().map(|c| format!("`{}`", c.schema)).collect();
            self.result = "spec-defect".to_owned();
            self.detail = format!(
                "parameter {} holds objects inside a list or object, which OpenAPI's styles do not define (RFC 6570 does not nest); the client sends the inner ones as JSON ({})",
                names.join(", "),
                self.detail
            );
            return;
        }
        // A request no value of which is valid says nothing of the client.
        if let Some(conflict) = self.conflicts.iter().find(|c| c.kind == "allof-types") {
            self.result = "spec-defect".to_owned();
            self.detail = format!(
                "the `allOf` of {} joins members of different types: no value fits it ({})",
                conflict.schema_words(),
                self.detail
            );
            return;
        }
        let violations: Vec<&str> = self.detail.split("; ").collect();
        let mut ids: Vec<&str> = violations
            .iter()
            .filter_map(|v| crate::prism_deviations::known(v, &request))
            .map(|d| d.id)
            .collect();
        ids.dedup();
        let (known, real): (Vec<&str>, Vec<&str>) = violations
            .into_iter()
            .partition(|v| crate::prism_deviations::known(v, &request).is_some());
        let overlap = self
            .conflicts
            .iter()
            .find(|c| c.kind == "oneof-overlap" && c.discriminator.is_empty());
        if let (Some(conflict), true) = (overlap, known.is_empty())
            && real
                .iter()
                .all(|v| v.ends_with("must match exactly one schema in oneOf"))
        {
            self.result = "spec-defect".to_owned();
            self.detail = format!(
                "the members of {}'s `oneOf` overlap and it has no discriminator: no value fits exactly one of them ({})",
                conflict.schema_words(),
                real.join("; ")
            );
            return;
        }
        if known.is_empty() {
            return;
        }
        let note = format!(
            "Prism deviation {} (xtask/src/prism_deviations.rs): {}",
            ids.join(", "),
            known.join("; ")
        );
        if real.is_empty() {
            self.result = "deviation".to_owned();
            self.detail = note;
        } else {
            self.detail = format!("{}; besides, {note}", real.join("; "));
        }
    }
}

/// Each (spec, mode) checked: its rows, or why it could not run.
type Results = BTreeMap<(usize, Mode), Result<Vec<Row>, String>>;

struct Spec {
    stem: String,
    path: PathBuf,
    /// The driver's executable, once built.
    driver: Option<PathBuf>,
    /// Why there is no driver.
    problem: Option<String>,
    /// The spec has no operations (only webhooks, say): nothing to check.
    empty: bool,
    /// It is a Swagger 2.0 document.
    swagger2: bool,
}

pub fn run(root: &Path, args: &[String]) -> Result<ExitCode> {
    let mut flags = Flags::new(args, USAGE);
    let mut specs: Vec<(String, PathBuf)> = Vec::new();
    let mut modes = vec![Mode::Static, Mode::Dynamic];
    let mut operation = None;
    let mut jobs = 2;
    let mut verbose = false;
    let mut only: Option<Vec<String>> = None;
    while let Some(flag) = flags.next_flag() {
        match flag {
            "--spec" => {
                let path = PathBuf::from(flags.value(flag)?);
                let stem = path
                    .file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .to_lowercase()
                    .replace(|c: char| !c.is_ascii_alphanumeric(), "-");
                specs.push((stem, path));
            }
            "--corpus" => {
                specs.extend(corpus::specs(root)?);
                specs.push(("certcentral".to_owned(), root.join("spec/certcentral.yaml")));
            }
            "--github" => specs.push(("github".to_owned(), crate::github::spec(root)?)),
            "--mode" => {
                modes = match flags.value(flag)? {
                    "static" => vec![Mode::Static],
                    "dynamic" => vec![Mode::Dynamic],
                    "both" => vec![Mode::Static, Mode::Dynamic],
                    other => return Err(flags.unknown(other).into()),
                }
            }
            "--operation" => operation = Some(flags.value(flag)?.to_owned()),
            "--jobs" => jobs = flags.number::<usize>(flag)?.max(1),
            "--verbose" => verbose = true,
            "--only" => only = Some(flags.value(flag)?.split(',').map(str::to_owned).collect()),
            other => return Err(flags.unknown(other).into()),
        }
    }
    if let Some(only) = &only {
        if let Some(unknown) = only
            .iter()
            .find(|o| !specs.iter().any(|(stem, _)| stem == *o))
        {
            return Err(flags
                .unknown(&format!("--only {unknown} (no such spec)"))
                .into());
        }
        specs.retain(|(stem, _)| only.contains(stem));
    }
    if specs.is_empty() {
        return Err(flags
            .unknown("(no spec: give --spec, --corpus or --github)")
            .into());
    }
    let started = Instant::now();
    let prism = install_prism(root)?;
    let dir = root.join("target/wire-check/crates");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("cannot clear {}", dir.display()))?;
    }
    std::fs::create_dir_all(&dir)?;
    let mut specs: Vec<Spec> = specs
        .into_iter()
        .map(|(stem, path)| Spec {
            stem,
            path,
            driver: None,
            problem: None,
            empty: false,
            swagger2: false,
        })
        .collect();
    for spec in &mut specs {
        if let Err(e) = write_crates(spec, &dir) {
            spec.problem = Some(format!("{e:#}"));
        }
    }
    build(root, &dir, &mut specs)?;
    println!(
        "built {} drivers in {:.0?}",
        specs.iter().filter(|s| s.driver.is_some()).count(),
        started.elapsed()
    );

    // Each (spec, mode) with its own Prism, `jobs` at a time.
    let work: Vec<(usize, Mode)> = (0..specs.len())
        .filter(|&i| specs[i].driver.is_some())
        .flat_map(|i| modes.iter().map(move |&m| (i, m)))
        .collect();
    let queue = Mutex::new(work.into_iter());
    let results: Mutex<Results> = Mutex::new(BTreeMap::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().map(|mut q| q.next()).ok().flatten();
                    let Some((i, mode)) = next else { break };
                    let spec = &specs[i];
                    let outcome = check(root, &prism, spec, mode, operation.as_deref())
                        .map_err(|e| format!("{e:#}"));
                    if let Ok(mut results) = results.lock() {
                        results.insert((i, mode), outcome);
                    }
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_default();
    Ok(report(root, &specs, &modes, &results, verbose, started))
}

/// Prism, installed into `target/prism` with npm when not there yet (as `.ci/with-prism` does).
fn install_prism(root: &Path) -> Result<PathBuf> {
    let prism = root.join(PRISM);
    if prism.exists() {
        return Ok(prism);
    }
    let status = Command::new("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            "--prefix",
        ])
        .arg(root.join("target/prism"))
        .arg(PRISM_PACKAGE)
        .status()
        .context("cannot run npm (Node.js is needed for Prism)")?;
    if !status.success() || !prism.exists() {
        bail!("`npm install {PRISM_PACKAGE}` failed");
    }
    Ok(prism)
}

/// Writes the client crate and its driver crate (`<stem>-wire`) into `dir`.
fn write_crates(spec: &mut Spec, dir: &Path) -> Result<()> {
    let output = corpus::generate_crate(&spec.path, dir, &spec.stem)?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        bail!(
            "not generated: {}",
            stderr
                .lines()
                .find(|l| l.starts_with("error"))
                .unwrap_or("no message")
        );
    }
    let text = std::fs::read_to_string(&spec.path)
        .with_context(|| format!("cannot read {}", spec.path.display()))?;
    spec.swagger2 = text
        .lines()
        .take(50)
        .any(|l| l.starts_with("swagger:") || l.trim_start().starts_with("\"swagger\""));
    let client = corpus::crate_name(&spec.stem);
    let options = codegen::Options {
        crate_name: client.clone(),
        command: format!("cargo xtask wire-check --spec {}", spec.path.display()),
        ..codegen::Options::default()
    };
    let driver = codegen::wire_driver_file(&spec.path, &options)?;
    if driver.operations == 0 {
        spec.empty = true;
        return Ok(());
    }
    let mut features = vec![toml::Value::from("mock")];
    if driver.has_features {
        features.push("full".into());
    }
    let manifest = toml::toml! {
        [package]
        name = "wire"
        version = "0.1.0"
        edition = "2024"
        publish = false

        [dependencies]
        serde = "1"
        serde_json = "1"
        tokio = { version = "1", features = ["macros", "rt"] }
        reqwest = { version = "0.13", default-features = false }
        chrono = { version = "0.4", default-features = false }
    };
    let mut manifest = manifest;
    manifest["package"]["name"] = format!("wire-{}", spec.stem).into();
    let mut dependency = toml::Table::new();
    dependency.insert("path".into(), format!("../{}", spec.stem).into());
    dependency.insert("features".into(), toml::Value::Array(features));
    if let Some(deps) = manifest
        .get_mut("dependencies")
        .and_then(|d| d.as_table_mut())
    {
        deps.insert(client, toml::Value::Table(dependency));
    }
    let driver_dir = dir.join(format!("{}-wire", spec.stem));
    std::fs::create_dir_all(driver_dir.join("src"))?;
    std::fs::write(
        driver_dir.join("Cargo.toml"),
        format!(
            "# Written by `cargo xtask wire-check`.\n{}",
            toml::to_string(&manifest)?
        ),
    )?;
    std::fs::write(driver_dir.join("src/main.rs"), driver.main)?;
    Ok(())
}

/// Builds every driver as one workspace in the shared target dir, and records each one's
/// executable (or its first compile error).
fn build(root: &Path, dir: &Path, specs: &mut [Spec]) -> Result<()> {
    let members: Vec<String> = specs
        .iter()
        .filter(|s| s.problem.is_none() && !s.empty)
        .map(|s| format!("{}-wire", s.stem))
        .collect();
    if members.is_empty() {
        return Ok(());
    }
    let output = corpus::cargo_workspace(root, dir, &members, "wire-check", "build")?;
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let package = message["package_id"].as_str().unwrap_or_default();
        let Some(spec) = specs.iter_mut().find(|s| {
            package.contains(&format!("/{}-wire#", s.stem))
                || package.contains(&format!("#wire-{}@", s.stem))
        }) else {
            continue;
        };
        match message["reason"].as_str() {
            Some("compiler-artifact") => {
                if let Some(exe) = message["executable"].as_str() {
                    spec.driver = Some(PathBuf::from(exe));
                }
            }
            Some("compiler-message") if message["message"]["level"] == "error" => {
                spec.problem.get_or_insert_with(|| {
                    let rendered = message["message"]["rendered"].as_str().unwrap_or_default();
                    format!(
                        "the driver does not compile: {}",
                        rendered.lines().take(6).collect::<Vec<_>>().join(" | ")
                    )
                });
            }
            _ => {}
        }
    }
    if !output.status.success() && specs.iter().all(|s| s.driver.is_none()) {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    }
    for spec in specs.iter_mut() {
        if spec.driver.is_none() && spec.problem.is_none() && !spec.empty {
            spec.problem = Some(
                "the driver or its client did not build (see cargo's output above)".to_owned(),
            );
        }
    }
    Ok(())
}

/// A free loopback port below the ephemeral range (Linux's starts at 32768), so that no
/// outgoing connection of a driver running meanwhile can take it before Prism listens on it.
fn free_port() -> Result<u16> {
    static NEXT: std::sync::atomic::AtomicU16 = std::sync::atomic::AtomicU16::new(0);
    let base = 20_000 + (std::process::id() % 500) as u16 * 20;
    for _ in 0..2_000 {
        let offset = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % 10_000;
        let port = base + offset;
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return Ok(port);
        }
    }
    bail!("no free loopback port")
}

/// Whether an HTTP server answers on the port (any status: Prism answers 404 for `/`).
fn answers_http(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = [0u8; 8];
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .is_ok()
        && stream.read_exact(&mut head).is_ok()
        && head.starts_with(b"HTTP/")
}

/// Stops Prism when the check of one spec ends, however it ends.
struct Server(Child);

impl Server {
    /// Whether the server has exited, or does within `time`.
    fn exits_within(&mut self, time: Duration) -> bool {
        let start = Instant::now();
        loop {
            if self.0.try_wait().ok().flatten().is_some() {
                return true;
            }
            if start.elapsed() > time {
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs `spec`'s driver against a Prism of the spec in `mode`. When Prism dies on a request
/// (it throws on some constructs of the spec), that operation is skipped with Prism's error,
/// and a new Prism serves the operations not called yet.
fn check(
    root: &Path,
    prism: &Path,
    spec: &Spec,
    mode: Mode,
    operation: Option<&str>,
) -> Result<Vec<Row>> {
    let driver = spec.driver.as_ref().context("no driver")?;
    let log_path = root.join(format!(
        "target/wire-check/prism-{}-{}.log",
        spec.stem,
        mode.name()
    ));
    let mut rows: Vec<Row> = Vec::new();
    // The spec's tree (in 3.0 form, as the driver's pointers are), to judge answers by.
    let tree = codegen::load::load_file(&spec.path, &Default::default())
        .ok()
        .map(|document| document.tree);
    for _restart in 0..20 {
        let (port, mut server) = start_prism(prism, spec, mode, &log_path)?;
        let done: Vec<&str> = rows.iter().map(|r| r.operation.as_str()).collect();
        let mut run = Command::new(driver);
        run.env("WIRE_URL", format!("http://127.0.0.1:{port}"))
            .env("WIRE_MODE", mode.name())
            .env("WIRE_SKIP", done.join(","))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(operation) = operation {
            run.env("WIRE_OPERATION", operation);
        }
        let mut child = run.spawn().context("cannot run the driver")?;
        let stdout = child.stdout.take().context("no driver output")?;
        let mut crashed = false;
        for line in BufReader::new(stdout).lines() {
            let line = line?;
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            let text = |key: &str| v[key].as_str().unwrap_or_default().to_owned();
            let mut row = Row {
                operation: text("operation"),
                method: text("method"),
                path: text("path"),
                body_type: v["body_type"].as_str().map(str::to_owned),
                conflicts: v["conflicts"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|c| {
                        let field = |k: &str| c[k].as_str().unwrap_or_default().to_owned();
                        Conflict {
                            schema: field("schema"),
                            kind: field("kind"),
                            discriminator: field("discriminator"),
                        }
                    })
                    .collect(),
                pointer: text("pointer"),
                answer: v["answer"]["status"].as_u64().map(|status| {
                    (
                        status as u16,
                        v["answer"]["body"].as_str().unwrap_or_default().to_owned(),
                    )
                }),
                result: text("result"),
                detail: text("detail"),
            };
            if row.result == "failed" && server.exits_within(Duration::from_secs(2)) {
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                let error = log
                    .lines()
                    .find(|l| {
                        // A JavaScript exception's line: `TypeError: …`, `Error: …`.
                        l.trim_start()
                            .split_once("Error: ")
                            .is_some_and(|(kind, _)| kind.chars().all(|c| c.is_ascii_alphabetic()))
                    })
                    .unwrap_or("no error in its log")
                    .trim()
                    .to_owned();
                row.result = "skipped".to_owned();
                row.detail = format!("Prism crashed on this request ({error}); not judged");
                rows.push(row);
                crashed = true;
                let _ = child.kill();
                break;
            }
            row.judge_deviations(spec.swagger2);
            if let Some(tree) = &tree {
                row.judge_answer(&codegen::samples::Sampler::new(tree));
            }
            rows.push(row);
        }
        let output = child.wait_with_output()?;
        if crashed {
            continue;
        }
        if !output.status.success() {
            bail!(
                "the driver failed: {}",
                String::from_utf8_lossy(&output.stderr)
                    .lines()
                    .rev()
                    .take(4)
                    .collect::<Vec<_>>()
                    .join(" | ")
            );
        }
        drop(server);
        return Ok(rows);
    }
    bail!("Prism crashed 20 times; the rest of the operations were not called")
}

/// Starts Prism on a free port (writing its log to `log_path`) and waits until it answers.
fn start_prism(prism: &Path, spec: &Spec, mode: Mode, log_path: &Path) -> Result<(u16, Server)> {
    let port = free_port()?;
    let log = std::fs::File::create(log_path)?;
    let mut command = Command::new(prism);
    command
        .arg("mock")
        .arg(&spec.path)
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .stdout(log.try_clone()?)
        .stderr(log);
    if mode == Mode::Dynamic {
        command.arg("--dynamic");
    }
    let mut server = Server(command.spawn().context("cannot start Prism")?);
    let ready = Instant::now();
    while !answers_http(port) {
        if ready.elapsed() > Duration::from_secs(90) || server.0.try_wait().ok().flatten().is_some()
        {
            let log = std::fs::read_to_string(log_path).unwrap_or_default();
            bail!(
                "Prism did not start: {}",
                log.lines().rev().take(3).collect::<Vec<_>>().join(" | ")
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Ok((port, server))
}

/// Prints the rows that are not `ok` (all with `verbose`) and the totals; the exit code.
fn report(
    root: &Path,
    specs: &[Spec],
    modes: &[Mode],
    results: &Results,
    verbose: bool,
    started: Instant,
) -> ExitCode {
    let mut totals: BTreeMap<Mode, BTreeMap<&str, usize>> = BTreeMap::new();
    let mut failing_specs = 0;
    for (i, spec) in specs.iter().enumerate() {
        let shown = spec
            .path
            .strip_prefix(root)
            .unwrap_or(&spec.path)
            .display()
            .to_string();
        if spec.empty {
            println!("{:<32} skipped: the spec has no operations", spec.stem);
            continue;
        }
        if let Some(problem) = &spec.problem {
            failing_specs += 1;
            println!("{:<32} not checked: {problem}", spec.stem);
            continue;
        }
        let mut line = Vec::new();
        let mut rows_out = Vec::new();
        for &mode in modes {
            match results.get(&(i, mode)) {
                Some(Ok(rows)) => {
                    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
                    for row in rows {
                        let result = RESULTS
                            .iter()
                            .find(|r| **r == row.result)
                            .copied()
                            .unwrap_or("failed");
                        *counts.entry(result).or_default() += 1;
                        *totals.entry(mode).or_default().entry(result).or_default() += 1;
                        if verbose || result != "ok" {
                            rows_out.push(format!(
                                "    {} {} ({} {}): {}{}{}",
                                mode.name(),
                                row.operation,
                                row.method,
                                row.path,
                                result,
                                if row.detail.is_empty() { "" } else { ": " },
                                row.detail.chars().take(600).collect::<String>()
                            ));
                            if !PASSING.contains(&result) {
                                rows_out.push(format!(
                                    "      reproduce: cargo xtask wire-check --spec {shown} --mode {} --operation {}",
                                    mode.name(),
                                    row.operation
                                ));
                            }
                        }
                    }
                    let summary: Vec<String> =
                        counts.iter().map(|(r, n)| format!("{n} {r}")).collect();
                    line.push(format!("{}: {}", mode.name(), summary.join(", ")));
                }
                Some(Err(e)) => {
                    failing_specs += 1;
                    *totals.entry(mode).or_default().entry("failed").or_default() += 1;
                    line.push(format!("{}: not run: {e}", mode.name()));
                }
                None => line.push(format!("{}: not run", mode.name())),
            }
        }
        println!("{:<32} {}", spec.stem, line.join("; "));
        for row in rows_out {
            println!("{row}");
        }
    }
    // Each deviation seen, once, with the clause that shows the client is right.
    let mut seen: Vec<&str> = Vec::new();
    for row in results.values().flat_map(|r| r.iter().flatten()) {
        if let Some(ids) = row
            .detail
            .split_once("Prism deviation ")
            .and_then(|(_, rest)| rest.split_once(" (xtask"))
        {
            seen.extend(ids.0.split(", "));
        }
    }
    seen.sort_unstable();
    seen.dedup();
    for deviation in crate::prism_deviations::DEVIATIONS {
        if seen.contains(&deviation.id) {
            println!("Prism deviation {}: {}", deviation.id, deviation.clause);
        }
    }
    let mut failed = failing_specs > 0;
    for (mode, counts) in &totals {
        let summary: Vec<String> = RESULTS
            .iter()
            .map(|r| format!("{} {r}", counts.get(r).copied().unwrap_or(0)))
            .collect();
        println!("total {}: {}", mode.name(), summary.join(", "));
        failed |= counts.iter().any(|(r, n)| *n > 0 && !PASSING.contains(r));
    }
    println!(
        "{} specs in {:.0?}{}",
        specs.len(),
        started.elapsed(),
        if failing_specs > 0 {
            format!(", {failing_specs} not checked or not run")
        } else {
            String::new()
        }
    );
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
