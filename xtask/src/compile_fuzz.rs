//! `cargo xtask compile-fuzz --seed S --count N`: the compile oracle. Generates N random valid
//! specs (`specgen`), a client for each, and `cargo check`s them in batches: each batch is one
//! crate whose modules are the generated clients (rendered inline), the batches one workspace
//! in one target dir. Any spec whose client does not compile (or makes the
//! generator panic) is shrunk to a small spec that still fails the same way and written to
//! `tests/specs/regressions/`; the specs there are checked first on every run, so each stays a test.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::corpus::check_workspace;
use crate::flags::Flags;

const USAGE: &str = "usage: cargo xtask compile-fuzz [--seed S] [--count N] [--batch B] [--no-shrink]\n       cargo xtask compile-fuzz --print SEED";

/// How many compile checks one shrink may take.
const SHRINK_CHECKS: usize = 60;

struct Args {
    seed: u64,
    count: usize,
    batch: usize,
    shrink: bool,
}

fn parse(args: &[String]) -> Result<Args> {
    let mut parsed = Args {
        seed: 1,
        count: 200,
        batch: 50,
        shrink: true,
    };
    let mut flags = Flags::new(args, USAGE);
    while let Some(flag) = flags.next_flag() {
        match flag {
            "--seed" => parsed.seed = flags.number(flag)?,
            "--count" => parsed.count = flags.number(flag)?,
            "--batch" => parsed.batch = flags.number::<usize>(flag)?.max(1),
            "--no-shrink" => parsed.shrink = false,
            other => return Err(flags.unknown(other).into()),
        }
    }
    Ok(parsed)
}

/// One spec to check: where it comes from, and its text.
struct Case {
    label: String,
    spec: Value,
}

/// What generating and checking one spec gave.
#[derive(Debug, Clone, PartialEq)]
enum Verdict {
    /// The generator refused it with an error (a legitimate answer for some random specs).
    Refused(String),
    /// The generator failed inside (a panic, or tokens that do not parse).
    Panicked,
    /// It compiled; the warnings, if any.
    Compiled(Vec<String>),
    /// It did not compile: the first error code (or message) and the errors.
    Failed(String, Vec<String>),
}

pub fn run(root: &Path, args: &[String]) -> Result<ExitCode> {
    if let [flag, seed] = args
        && flag == "--print"
    {
        // The spec of one seed (as a run's line names it), to look at or keep.
        let spec = specgen::from_seed(seed.parse().context("--print needs a seed")?);
        println!("{}", serde_json::to_string_pretty(&spec)?);
        return Ok(ExitCode::SUCCESS);
    }
    let args = parse(args)?;
    let started = Instant::now();
    let regressions_dir = root.join("tests/specs/regressions");
    let mut cases = regressions(&regressions_dir)?;
    let fixed = cases.len();
    for i in 0..args.count {
        let seed = mix(args.seed, i as u64);
        cases.push(Case {
            label: format!("seed {} #{i} ({seed})", args.seed),
            spec: specgen::from_seed(seed),
        });
    }
    let work = root.join("target/compile-fuzz");
    let verdicts = check_all(root, &work, &cases, args.batch)?;
    let mut failures = Vec::new();
    let (mut refused, mut compiled, mut warned) = (0, 0, 0);
    let mut reasons: BTreeMap<String, (usize, &str)> = BTreeMap::new();
    for (case, verdict) in cases.iter().zip(&verdicts) {
        match verdict {
            Verdict::Refused(reason) => {
                refused += 1;
                // The message without its place: `#/paths/…: message` → `message`.
                let message = reason.split_once(": ").map_or(reason.as_str(), |(_, m)| m);
                let kind: String = message.split('`').step_by(2).collect::<Vec<_>>().join("…");
                reasons.entry(kind).or_insert((0, &case.label)).0 += 1;
            }
            Verdict::Compiled(warnings) if warnings.is_empty() => compiled += 1,
            Verdict::Compiled(warnings) => {
                warned += 1;
                println!("{}: compiles with {} warnings", case.label, warnings.len());
                for w in warnings.iter().take(2) {
                    println!("    {}", w.lines().next().unwrap_or_default());
                }
            }
            Verdict::Panicked | Verdict::Failed(..) => failures.push((case, verdict)),
        }
    }
    for (case, verdict) in &failures {
        println!("{}: {}", case.label, describe(verdict));
        if args.shrink && !case.label.starts_with("regression") {
            let small = shrink(root, &work, &case.spec, verdict)?;
            std::fs::create_dir_all(&regressions_dir)?;
            let name = case
                .label
                .split('(')
                .nth(1)
                .unwrap_or("spec")
                .trim_end_matches(')');
            let path = regressions_dir.join(format!("compile-fuzz-{name}.json"));
            std::fs::write(&path, serde_json::to_string_pretty(&small)? + "\n")?;
            println!("    shrunk to {}", path.display());
        }
    }
    for (reason, (count, first)) in &reasons {
        println!("refused {count}x (first: {first}): {reason}");
    }
    println!(
        "total: {} specs ({fixed} regressions, {} random from seed {}): {compiled} compile without warnings, {warned} with warnings, {refused} refused by the generator, {} fail; {:.0?}",
        cases.len(),
        args.count,
        args.seed,
        failures.len(),
        started.elapsed()
    );
    Ok(if failures.is_empty() && warned == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn describe(verdict: &Verdict) -> String {
    match verdict {
        Verdict::Panicked => "internal generator error".to_owned(),
        Verdict::Failed(code, errors) => format!(
            "does not compile ({code}): {}",
            errors
                .first()
                .and_then(|e| e.lines().next())
                .unwrap_or_default()
        ),
        Verdict::Refused(e) => format!("refused: {e}"),
        Verdict::Compiled(_) => "compiles".to_owned(),
    }
}

/// A seed for the `i`th spec of a run (splitmix64 of both).
fn mix(seed: u64, i: u64) -> u64 {
    let mut z = seed
        .wrapping_mul(0x9e37_79b9_7f4a_7c15)
        .wrapping_add(i.wrapping_mul(0xbf58_476d_1ce4_e5b9));
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The specs of `tests/specs/regressions/` (YAML or JSON), sorted by name.
fn regressions(dir: &Path) -> Result<Vec<Case>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let spec = match serde_json::from_str(&text) {
                Ok(spec) => spec,
                Err(_) => Value::String(text),
            };
            Ok(Case {
                label: format!("regression {}", path.display()),
                spec,
            })
        })
        .collect()
}

/// The spec as text for the generator (a YAML regression is kept as its text).
fn spec_text(spec: &Value) -> String {
    match spec {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Where a generated module reads its runtime from: the runtime folder where it is written.
fn runtime_path(root: &Path) -> String {
    root.join("codegen/runtime/src/runtime/mod.rs")
        .to_string_lossy()
        .into_owned()
}

/// Generates and checks every case; returns a verdict per case.
fn check_all(root: &Path, work: &Path, cases: &[Case], batch: usize) -> Result<Vec<Verdict>> {
    let mut verdicts: Vec<Option<Verdict>> = vec![None; cases.len()];
    let mut modules: Vec<(usize, String)> = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let options = codegen::Options {
            crate_name: "compile-fuzz".to_owned(),
            ..codegen::Options::default()
        };
        match codegen::generate_single_file(&spec_text(&case.spec), &options, &runtime_path(root)) {
            Ok(code) => modules.push((i, code)),
            Err(codegen::Error::Internal { .. }) => verdicts[i] = Some(Verdict::Panicked),
            Err(e) => verdicts[i] = Some(Verdict::Refused(e.to_string())),
        }
    }
    let batches: Vec<&[(usize, String)]> = modules.chunks(batch).collect();
    let results = check_batches(root, work, &batches)?;
    for (i, verdict) in results {
        verdicts[i] = Some(verdict);
    }
    Ok(verdicts
        .into_iter()
        .map(|v| v.unwrap_or(Verdict::Compiled(Vec::new())))
        .collect())
}

/// Writes each batch as a crate of one workspace and checks them all with one `cargo check`;
/// returns the verdict of each module (by case index).
fn check_batches(
    root: &Path,
    work: &Path,
    batches: &[&[(usize, String)]],
) -> Result<Vec<(usize, Verdict)>> {
    if work.exists() {
        std::fs::remove_dir_all(work)
            .with_context(|| format!("cannot clear {}", work.display()))?;
    }
    let mut members = Vec::new();
    let mut files: BTreeMap<String, usize> = BTreeMap::new();
    for (b, batch) in batches.iter().enumerate() {
        let name = format!("batch{b}");
        let src = work.join(&name).join("src");
        std::fs::create_dir_all(&src)?;
        // Every other batch without the `mock` feature: the test support must compile, and so
        // must the clients without it (each type then has only the serde directions it uses).
        let default = if b % 2 == 0 { "\"mock\"" } else { "" };
        std::fs::write(
            work.join(&name).join("Cargo.toml"),
            format!(
                "[package]\nname = \"compile-fuzz-{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[features]\ndefault = [{default}]\nmock = [\"dep:wiremock\"]\n\n{}",
                dependencies()?
            ),
        )?;
        let mut lib = String::from(
            "//! Generated clients checked together by `cargo xtask compile-fuzz`.\n#![allow(clippy::duplicate_mod, reason = \"every client reads the runtime from the one folder\")]\n",
        );
        for (i, code) in batch.iter() {
            lib.push_str(&format!("pub mod s{i};\n"));
            std::fs::write(src.join(format!("s{i}.rs")), code)?;
            files.insert(format!("{name}/src/s{i}.rs"), *i);
        }
        std::fs::write(src.join("lib.rs"), lib)?;
        members.push(name);
    }
    let output = check_workspace(root, work, &members, "compile-fuzz")?;
    let mut errors: BTreeMap<usize, (String, Vec<String>)> = BTreeMap::new();
    let mut warnings: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut elsewhere = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" {
            continue;
        }
        let message = &message["message"];
        let rendered = message["rendered"].as_str().unwrap_or_default().to_owned();
        let level = message["level"].as_str().unwrap_or_default();
        let file = message["spans"]
            .as_array()
            .and_then(|spans| spans.first())
            .and_then(|span| span["file_name"].as_str())
            .unwrap_or_default();
        let case = files
            .iter()
            .find(|(path, _)| Path::new(file).ends_with(path.as_str()))
            .map(|(_, i)| *i);
        match (level, case) {
            ("error", Some(i)) => {
                let code = message["code"]["code"]
                    .as_str()
                    .unwrap_or("error")
                    .to_owned();
                let entry = errors.entry(i).or_insert_with(|| (code, Vec::new()));
                entry.1.push(rendered);
            }
            ("warning", Some(i)) => warnings.entry(i).or_default().push(rendered),
            ("error", None) => elsewhere.push(rendered),
            _ => {}
        }
    }
    if !output.status.success() && errors.is_empty() {
        bail!(
            "cargo check failed outside the generated clients:\n{}\n{}",
            elsewhere.join("\n"),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(files
        .values()
        .map(|&i| {
            let verdict = match errors.remove(&i) {
                Some((code, errors)) => Verdict::Failed(code, errors),
                None => Verdict::Compiled(warnings.remove(&i).unwrap_or_default()),
            };
            (i, verdict)
        })
        .collect())
}

/// The `[dependencies]` every generated client has, as the generator writes them.
fn dependencies() -> Result<String> {
    let generated = codegen::generate(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
        &codegen::Options::default(),
    )?;
    let manifest = &generated
        .files
        .iter()
        .find(|f| f.path == "Cargo.toml")
        .context("no Cargo.toml")?
        .contents;
    let start = manifest.find("[dependencies]").context("no dependencies")?;
    Ok(manifest[start..].to_owned())
}

/// Removes members of the spec (any object member or array element, largest first) while the
/// client still fails the same way; at most [`SHRINK_CHECKS`] compile checks.
fn shrink(root: &Path, work: &Path, spec: &Value, verdict: &Verdict) -> Result<Value> {
    let same = |candidate: &Verdict| match (verdict, candidate) {
        (Verdict::Failed(code, _), Verdict::Failed(other, _)) => code == other,
        (Verdict::Panicked, Verdict::Panicked) => true,
        _ => false,
    };
    let mut current = spec.clone();
    let mut checks = 0;
    'outer: while checks < SHRINK_CHECKS {
        let mut pointers = Vec::new();
        removable(&current, String::new(), &mut pointers);
        // Shallow members first: removing them removes the most.
        pointers.sort_by_key(|p| p.matches('/').count());
        for pointer in pointers {
            let Some(candidate) = without(&current, &pointer) else {
                continue;
            };
            // Candidates the generator refuses cannot fail to compile: no check needed.
            let text = candidate.to_string();
            let generated = codegen::generate_single_file(
                &text,
                &codegen::Options::default(),
                &runtime_path(root),
            );
            if matches!(&generated, Err(e) if !matches!(e, codegen::Error::Internal { .. })) {
                continue;
            }
            checks += 1;
            let case = Case {
                label: String::new(),
                spec: candidate.clone(),
            };
            let verdict = check_all(root, work, std::slice::from_ref(&case), 1)?;
            if verdict.first().is_some_and(same) {
                current = candidate;
                continue 'outer;
            }
            if checks >= SHRINK_CHECKS {
                break 'outer;
            }
        }
        break;
    }
    Ok(current)
}

/// JSON pointers of every object member and array element below the root's required keys.
fn removable(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let pointer = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                let keep = at.is_empty() && matches!(key.as_str(), "openapi" | "info" | "paths");
                if !keep {
                    out.push(pointer.clone());
                }
                removable(child, pointer, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let pointer = format!("{at}/{i}");
                out.push(pointer.clone());
                removable(child, pointer, out);
            }
        }
        _ => {}
    }
}

/// The value with the member at `pointer` removed.
fn without(value: &Value, pointer: &str) -> Option<Value> {
    let (parent, last) = pointer.rsplit_once('/')?;
    let mut copy = value.clone();
    let last = last.replace("~1", "/").replace("~0", "~");
    match copy.pointer_mut(parent)? {
        Value::Object(map) => {
            map.shift_remove(&last)?;
        }
        Value::Array(items) => {
            let i: usize = last.parse().ok()?;
            (i < items.len()).then(|| items.remove(i))?;
        }
        _ => return None,
    }
    Some(copy)
}
