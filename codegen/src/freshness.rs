//! Whether a generated crate on disk is what the generator makes now, and bringing it there
//! (rust-analyzer's `ensure_file_contents`): one function serves `cargo xtask codegen`, its
//! `--check`, and the tests of the committed client.

use std::path::{Path, PathBuf};

use crate::GeneratedFile;

/// What to do about files that differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Only report them.
    Check,
    /// Write the generated files that differ and remove generated files no longer produced.
    Write,
}

/// A file on disk that is not what the generator makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// Relative to the crate root, `/`-separated.
    pub path: String,
    pub why: Why,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    Missing,
    /// How many lines differ, position by position, plus the difference in length.
    Differs(usize),
    /// A file with the `@generated` mark that the generator no longer makes.
    NoLongerGenerated,
}

impl std::fmt::Display for Stale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.why {
            Why::Missing => write!(f, "{}: missing", self.path),
            Why::Differs(lines) => write!(f, "{}: {lines} lines differ", self.path),
            Why::NoLongerGenerated => write!(f, "{}: no longer generated", self.path),
        }
    }
}

/// Compares `files` with the crate at `root` (in `Write` mode, also brings it up to date) and
/// returns what differed. A file the generator no longer makes is found anywhere under `root`
/// but `target/`, by its `@generated` mark; hand-written files are never touched.
pub fn ensure_files(
    root: &Path,
    files: &[GeneratedFile],
    mode: Mode,
) -> std::io::Result<Vec<Stale>> {
    // A crate written into a new folder has nothing to read back.
    let new_folder = !root.exists();
    if mode == Mode::Write {
        // Each folder once, not once per file.
        let folders: std::collections::BTreeSet<PathBuf> = files
            .iter()
            .filter_map(|file| root.join(&file.path).parent().map(Path::to_path_buf))
            .collect();
        for folder in folders {
            std::fs::create_dir_all(folder)?;
        }
    }
    // Each file is read, compared and written on its own: on a pool of threads, since a large
    // API makes thousands of files and creating one costs more in the kernel than in Rust.
    let mut stale = Vec::new();
    for found in on_threads(files, |file| bring_up_to_date(root, file, mode, new_folder)) {
        stale.extend(found?);
    }
    let generated: std::collections::HashSet<&str> =
        files.iter().map(|f| f.path.as_str()).collect();
    let mut on_disk = Vec::new();
    walk(root, root, &mut on_disk)?;
    on_disk.sort();
    for (relative, path) in on_disk {
        if generated.contains(relative.as_str()) || !is_generated(&path) {
            continue;
        }
        stale.push(Stale {
            path: relative,
            why: Why::NoLongerGenerated,
        });
        if mode == Mode::Write {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(stale)
}

/// Whether `file` is stale at `root` (missing, without a look, in a `new_folder`); in `Write`
/// mode, writes it when it is (its folder made already).
fn bring_up_to_date(
    root: &Path,
    file: &GeneratedFile,
    mode: Mode,
    new_folder: bool,
) -> std::io::Result<Option<Stale>> {
    let path = root.join(&file.path);
    let on_disk = match new_folder {
        true => None,
        false => std::fs::read_to_string(&path).ok(),
    };
    let why = match on_disk {
        None => Why::Missing,
        Some(text) if text == file.contents => return Ok(None),
        Some(text) => Why::Differs(diff_lines(&text, &file.contents)),
    };
    if mode == Mode::Write {
        std::fs::write(&path, &file.contents)?;
    }
    Ok(Some(Stale {
        path: file.path.clone(),
        why,
    }))
}

/// `work` on each file, on up to eight threads (the work waits on the file system more than on
/// a core); the results in the files' order.
fn on_threads(
    files: &[GeneratedFile],
    work: impl Fn(&GeneratedFile) -> std::io::Result<Option<Stale>> + Sync,
) -> Vec<std::io::Result<Option<Stale>>> {
    const THREADS: usize = 8;
    let size = files.len().div_ceil(THREADS).max(1);
    std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = files
            .chunks(size)
            .map(|chunk| {
                (
                    chunk.len(),
                    scope.spawn(move || chunk.iter().map(work).collect()),
                )
            })
            .collect();
        let mut results = Vec::with_capacity(files.len());
        for (count, handle) in handles {
            match handle.join() {
                Ok(done) => results.extend::<Vec<_>>(done),
                Err(_) => results.extend(
                    (0..count).map(|_| Err(std::io::Error::other("a thread writing files failed"))),
                ),
            }
        }
        results
    })
}

/// Every file under `dir` (but `target/` and hidden folders), as (`/`-separated path relative
/// to `root`, path).
fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> std::io::Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_dir() {
            if name != "target" && !name.starts_with('.') {
                walk(root, &path, out)?;
            }
            continue;
        }
        let relative = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        out.push((relative, path));
    }
    Ok(())
}

/// Whether a file carries the generator's mark in its first line (its first entry, for JSON).
fn is_generated(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|text| {
        let mut lines = text.lines();
        let first = lines.next().unwrap_or_default();
        let mark = |line: &str| line.contains("@generated by `");
        mark(first) || (first == "{" && lines.next().is_some_and(mark))
    })
}

/// How many lines differ, position by position, plus the difference in length.
fn diff_lines(old: &str, new: &str) -> usize {
    let (old, new): (Vec<_>, Vec<_>) = (old.lines().collect(), new.lines().collect());
    let changed = old.iter().zip(&new).filter(|(a, b)| a != b).count();
    changed + old.len().abs_diff(new.len())
}

#[cfg(test)]
mod tests {
    use super::{Mode, Why, ensure_files};
    use crate::GeneratedFile;

    #[test]
    fn writes_what_differs_and_removes_only_generated_leftovers() {
        let root = std::env::temp_dir().join(format!("freshness-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("src/old")).expect("dir");
        let mark = "// @generated by `x`. Do not edit by hand.\n";
        std::fs::write(root.join("src/old/gone.rs"), mark).expect("write");
        std::fs::write(root.join("src/mine.rs"), "// hand-written\n").expect("write");
        std::fs::write(root.join("src/lib.rs"), format!("{mark}old\n")).expect("write");
        let files = [
            GeneratedFile {
                path: "src/lib.rs".into(),
                contents: format!("{mark}new\n"),
            },
            GeneratedFile {
                path: "src/runtime/mod.rs".into(),
                contents: mark.into(),
            },
        ];
        let stale = ensure_files(&root, &files, Mode::Check).expect("checks");
        let whys: Vec<_> = stale.iter().map(|s| (s.path.as_str(), s.why)).collect();
        assert_eq!(
            whys,
            [
                ("src/lib.rs", Why::Differs(1)),
                ("src/runtime/mod.rs", Why::Missing),
                ("src/old/gone.rs", Why::NoLongerGenerated),
            ]
        );
        assert!(
            root.join("src/old/gone.rs").exists(),
            "check writes nothing"
        );
        assert_eq!(
            ensure_files(&root, &files, Mode::Write)
                .expect("writes")
                .len(),
            3
        );
        assert_eq!(
            ensure_files(&root, &files, Mode::Check).expect("checks"),
            []
        );
        assert!(!root.join("src/old/gone.rs").exists());
        assert!(root.join("src/mine.rs").exists(), "hand-written files stay");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn a_new_folder_gets_every_file_and_its_folders() {
        let root = std::env::temp_dir().join(format!("freshness-new-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let file = |path: &str| GeneratedFile {
            path: path.into(),
            contents: format!("// {path}\n"),
        };
        let files = [file("Cargo.toml"), file("src/a/b.rs"), file("src/a/c/d.rs")];
        let stale = ensure_files(&root, &files, Mode::Check).expect("checks");
        assert_eq!(stale.len(), 3);
        assert!(stale.iter().all(|s| s.why == Why::Missing));
        assert!(!root.exists(), "check writes nothing");
        assert_eq!(
            ensure_files(&root, &files, Mode::Write)
                .expect("writes")
                .len(),
            3
        );
        for f in &files {
            let written = std::fs::read_to_string(root.join(&f.path)).expect("written");
            assert_eq!(written, f.contents);
        }
        assert_eq!(
            ensure_files(&root, &files, Mode::Check).expect("checks"),
            []
        );
        let _ = std::fs::remove_dir_all(&root);
    }
}
