//! The crate layout, and its one way to text. A layout is the crate root (docs and lints,
//! module declarations, re-exports) and its modules, each either items emitted as tokens or a
//! file copied verbatim. It renders as the files of a crate, or inline as one file of nested
//! modules (what the golden tests read); both go through the same formatting of each module.
//!
//! Item modules are formatted by prettyplease on as many threads as the machine has. For files,
//! large modules are cut into chunks of independent items; inline, each module is formatted in
//! one piece. Formatting items separately gives the text of formatting them together, so both
//! renderings agree (a test checks it).

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::error::Error;

/// How many items one formatting job takes when rendering files.
pub const CHUNK: usize = 64;

/// A whole generated crate, before formatting.
pub struct CrateLayout<'a> {
    /// Crate docs and lints (inner attributes).
    pub root: TokenStream,
    pub modules: Vec<Module<'a>>,
    /// The public re-exports at the crate root.
    pub reexports: TokenStream,
}

/// One module of the crate.
pub struct Module<'a> {
    pub name: &'static str,
    pub place: Place,
    pub body: Body<'a>,
}

/// Where a module goes.
pub enum Place {
    /// `src/<name>.rs`, declared in the root as `#attributes mod <name>;` (the attributes hold
    /// its visibility, `pub` or none, and any `cfg` or `allow`).
    Declared(TokenStream),
    /// A file of its own outside `src/` (a test), in the files rendering only.
    Standalone(String),
}

/// What a module holds.
pub enum Body<'a> {
    /// A head (module docs and lints) and `count` independent items, emitted by range and
    /// formatted `chunk` at a time when rendering files.
    Items {
        head: TokenStream,
        count: usize,
        chunk: usize,
        emit: ItemsFn<'a>,
    },
    /// A folder of files copied as written, `mod.rs` first: `src/<name>/<file>`. Inline, the
    /// module is declared with a `#[path]` to its `mod.rs` instead.
    Folder(&'static [(&'static str, &'static str)]),
}

/// Emits the items of a module in a range (any range: items are independent).
pub type ItemsFn<'a> = Box<dyn Fn(Range<usize>) -> TokenStream + Sync + 'a>;

/// The text of one module, its head and its items.
struct ModuleText {
    head: String,
    items: String,
}

impl CrateLayout<'_> {
    /// The crate as files (`src/lib.rs`, then `src/<module>.rs` for each, or the files of
    /// `src/<module>/` for a folder), each with `header`.
    pub fn render_files(&self, header: &str) -> Result<Vec<(String, String)>, Error> {
        let texts = self.format_modules(false)?;
        let mut files = vec![(
            "src/lib.rs".to_owned(),
            format!("{header}{}", self.root_text(|_, declaration| declaration)?),
        )];
        for (module, text) in self.modules.iter().zip(texts) {
            if let Body::Folder(folder) = module.body {
                for (file, contents) in folder {
                    files.push((
                        format!("src/{}/{file}", module.name),
                        format!("{header}{contents}"),
                    ));
                }
                continue;
            }
            let path = match &module.place {
                Place::Declared(_) => format!("src/{}.rs", module.name),
                Place::Standalone(path) => path.clone(),
            };
            files.push((path, format!("{header}{}", module_file(&text))));
        }
        Ok(files)
    }

    /// The crate as one file whose modules are inline, but for a folder module, declared with
    /// `#[path = "<folder_path>"]` (its `mod.rs`, relative to the file).
    pub fn render_inline(&self, header: &str, folder_path: &str) -> Result<String, Error> {
        let texts = self.format_modules(true)?;
        let root = self.root_text(|i, declaration| {
            if let Body::Folder(_) = self.modules[i].body {
                return format!("#[path = {folder_path:?}]\n{declaration}");
            }
            let body = indent(&module_file(&texts[i]));
            let declaration = declaration.trim_end().trim_end_matches(';');
            format!("{declaration} {{\n{body}}}\n\n")
        })?;
        Ok(format!("{header}{root}"))
    }

    /// The root: its docs and lints, each module's declaration (as `inline` makes it of the
    /// formatted `mod name;`), and the re-exports, a blank line between the three.
    fn root_text(&self, inline: impl Fn(usize, String) -> String) -> Result<String, Error> {
        let mut declarations = String::new();
        for (i, module) in self.modules.iter().enumerate() {
            let Place::Declared(attributes) = &module.place else {
                continue;
            };
            let name = format_ident!("{}", module.name);
            let declaration = format_tokens(
                "src/lib.rs",
                quote!(#[rustfmt::skip] #attributes mod #name;),
            )?;
            declarations.push_str(&inline(i, declaration));
        }
        let root = format_tokens("src/lib.rs", self.root.clone())?;
        let reexports = format_tokens("src/lib.rs", self.reexports.clone())?;
        Ok(join_blocks(&[&root, &declarations, &reexports]))
    }

    /// Formats every module on a pool of threads: item modules in their chunks, or `whole`.
    fn format_modules(&self, whole: bool) -> Result<Vec<ModuleText>, Error> {
        let mut jobs: Vec<Job<'_>> = Vec::new();
        for (m, module) in self.modules.iter().enumerate() {
            if whole && matches!(module.place, Place::Standalone(_)) {
                continue;
            }
            if let Body::Items {
                count,
                chunk,
                emit,
                head,
            } = &module.body
            {
                let chunk = if whole { usize::MAX } else { (*chunk).max(1) };
                let file = module.name;
                let head = head.to_string();
                jobs.push((m, Box::new(move || format_text(file, &head))));
                let mut start = 0;
                while start < *count {
                    let end = start.saturating_add(chunk).min(*count);
                    jobs.push((
                        m,
                        Box::new(move || Ok(space_items(&format_tokens(file, emit(start..end))?))),
                    ));
                    start = end;
                }
            }
        }
        let mut texts: Vec<Vec<String>> = self.modules.iter().map(|_| Vec::new()).collect();
        for (m, text) in run_jobs(jobs)? {
            texts[m].push(text);
        }
        Ok(self
            .modules
            .iter()
            .zip(texts)
            .map(|(module, texts)| match &module.body {
                Body::Folder(_) => ModuleText {
                    head: String::new(),
                    items: String::new(),
                },
                Body::Items { .. } => {
                    let mut texts = texts.into_iter();
                    let head = texts.next().unwrap_or_default();
                    // Chunks end and start with whole items: a blank line between them.
                    ModuleText {
                        head,
                        items: texts.collect::<Vec<_>>().join("\n"),
                    }
                }
            })
            .collect())
    }
}

/// A module's text as a file: its head, a blank line, its items.
fn module_file(text: &ModuleText) -> String {
    join_blocks(&[&text.head, &text.items])
}

/// Non-empty blocks of text, with one blank line between them.
fn join_blocks(blocks: &[&str]) -> String {
    blocks
        .iter()
        .filter(|block| !block.trim().is_empty())
        .map(|block| block.trim_end_matches('\n'))
        .collect::<Vec<_>>()
        .join("\n\n")
        + "\n"
}

/// `text` indented by four spaces (blank lines stay empty).
fn indent(text: &str) -> String {
    text.lines()
        .map(|line| {
            if line.is_empty() {
                "\n".to_owned()
            } else {
                format!("    {line}\n")
            }
        })
        .collect()
}

/// prettyplease puts items right after each other: this puts a blank line between two items
/// of the same level (top level, or members of an impl or module), as rustfmt-formatted code
/// reads. A line ending an item (`}` or `;`) followed at the same indentation by the start of
/// another (docs, attributes, an item keyword) gets one.
pub fn space_items(text: &str) -> String {
    const STARTS: &[&str] = &[
        "///",
        "#[",
        "pub ",
        "pub(",
        "fn ",
        "async fn ",
        "impl",
        "struct ",
        "enum ",
        "type ",
        "const ",
        "static ",
        "mod ",
        "trait ",
        "super::runtime::",
    ];
    let indentation = |line: &str| line.len() - line.trim_start().len();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous: Option<&str> = None;
    for line in text.lines() {
        if let Some(prev) = previous {
            let ends_item = prev.ends_with('}') || prev.ends_with(';');
            let starts_item = STARTS.iter().any(|s| line.trim_start().starts_with(s));
            let top_or_member = indentation(line) <= 4;
            let is_use = |l: &str| {
                l.trim_start().starts_with("use ") || l.trim_start().starts_with("pub use ")
            };
            // A comment (a doc line ending in `;`, say) ends nothing.
            let comment = prev.trim_start().starts_with("//");
            if ends_item
                && !comment
                && starts_item
                && top_or_member
                && indentation(prev) == indentation(line)
                && !(is_use(prev) && is_use(line))
            {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

/// One formatting job: which module its text belongs to, and the work.
type Job<'a> = (
    usize,
    Box<dyn FnOnce() -> Result<String, Error> + Send + 'a>,
);

/// Runs the jobs on up to one thread per core; returns their texts in the jobs' order.
fn run_jobs(jobs: Vec<Job<'_>>) -> Result<Vec<(usize, String)>, Error> {
    let count = jobs.len();
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, count.max(1));
    let queue = std::sync::Mutex::new(jobs.into_iter().enumerate());
    let mut done: Vec<(usize, usize, Result<String, Error>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(WORKER_STACK_BYTES)
                    .spawn_scoped(scope, || {
                        let mut done = Vec::new();
                        loop {
                            let next = match queue.lock() {
                                Ok(mut queue) => queue.next(),
                                Err(_) => None,
                            };
                            let Some((index, (module, job))) = next else {
                                return done;
                            };
                            done.push((index, module, job()));
                        }
                    })
            })
            .collect();
        let mut done = Vec::with_capacity(count);
        for handle in handles {
            let failure = match handle {
                Ok(handle) => match handle.join() {
                    Ok(results) => {
                        done.extend(results);
                        continue;
                    }
                    Err(_) => "an emitter thread panicked".to_owned(),
                },
                Err(e) => format!("cannot start an emitter thread: {e}"),
            };
            done.push((usize::MAX, 0, Err(Error::Internal { message: failure })));
        }
        done
    });
    done.sort_by_key(|(index, _, _)| *index);
    if done.len() != count {
        return Err(Error::Internal {
            message: "a part of the output was not formatted".into(),
        });
    }
    done.into_iter()
        .map(|(_, module, text)| text.map(|text| (module, text)))
        .collect()
}

/// Emitter threads nest as deep as the schemas (at most the model's depth limit).
const WORKER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Formats tokens that make a whole file or a run of its items.
pub fn format_tokens(file: &str, tokens: TokenStream) -> Result<String, Error> {
    let parsed: syn::File = syn::parse2(tokens).map_err(|e| Error::Internal {
        message: format!("generated {file} is not valid Rust: {e}"),
    })?;
    Ok(prettyplease::unparse(&parsed))
}

/// [`format_tokens`] for tokens kept as text (token streams cannot cross threads).
fn format_text(file: &str, tokens: &str) -> Result<String, Error> {
    let tokens: TokenStream = tokens.parse().map_err(|e| Error::Internal {
        message: format!("generated {file} does not lex: {e}"),
    })?;
    format_tokens(file, tokens)
}

#[cfg(test)]
mod tests {
    use super::space_items;

    #[test]
    fn items_get_a_blank_line_between_them_and_statements_do_not() {
        let text = "use a;\npub use b;\npub struct A;\nimpl A {\n    fn f() {\n        let x = 1;\n        f();\n    }\n    fn g() {}\n}\n/// B\npub type B = A;\n";
        assert_eq!(
            space_items(text),
            "use a;\npub use b;\n\npub struct A;\n\nimpl A {\n    fn f() {\n        let x = 1;\n        f();\n    }\n\n    fn g() {}\n}\n\n/// B\npub type B = A;\n"
        );
    }
}
