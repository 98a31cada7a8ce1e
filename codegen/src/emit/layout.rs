//! The crate layout, and its one way to text. A layout is the crate root (docs and lints,
//! module declarations, re-exports) and its modules, each either items emitted as tokens or a
//! file copied verbatim. It renders as the files of a crate, or inline as one file of nested
//! modules (what the golden tests read); both go through the same formatting of each module.
//!
//! An item module keeps the items every build compiles in its own file; items compiled only
//! with some cargo features go to a file per feature set (`src/<module>/<part>.rs`), declared
//! behind that set's `cfg`, so rustc never reads the parts a build leaves out, and re-exported
//! where the module's items are public, so their paths do not change.
//!
//! Item modules are formatted by prettyplease on as many threads as the machine has. For files,
//! large modules are cut into chunks of independent items; inline, each part is formatted in
//! one piece. Formatting items separately gives the text of formatting them together, so both
//! renderings agree (a test checks it).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::cfg_predicate;
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
    Items(Items<'a>),
    /// A folder of files copied as written, `mod.rs` first: `src/<name>/<file>`. Inline, the
    /// module is declared with a `#[path]` to its `mod.rs` instead.
    Folder(&'static [(&'static str, &'static str)]),
}

/// The items of a module: some always compiled, the others in parts gated by features.
pub struct Items<'a> {
    /// Module docs and lints.
    pub head: TokenStream,
    /// Items that come first in the module's own file (constructors, shared helpers).
    pub leading: TokenStream,
    /// The items every build compiles, by index.
    pub always: Vec<usize>,
    /// The items compiled only with some features, a part for each set of features.
    pub parts: Vec<Part>,
    /// What the module imports from the crate, after its head: what its items name, and what
    /// its parts reach through it (`use super::*`).
    pub imports: TokenStream,
    /// What a part's file starts with, given its items.
    pub part_head: PartHeadFn<'a>,
    /// Whether the parts' items are re-exported (`pub use part::*`), as public modules' are.
    pub reexport: bool,
    /// How many items one formatting job takes when rendering files.
    pub chunk: usize,
    /// Emits the items of the given indices (any of them: items are independent).
    pub emit: ItemsFn<'a>,
}

/// Items compiled when any of `features` is on: `mod <name>;` behind their `cfg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub features: Vec<String>,
    pub items: Vec<usize>,
}

/// Emits the items of a module at the given indices.
pub type ItemsFn<'a> = Box<dyn Fn(&[usize]) -> TokenStream + Sync + 'a>;

/// The first lines of a part's file, given the indices of its items.
pub type PartHeadFn<'a> = Box<dyn Fn(&[usize]) -> TokenStream + Sync + 'a>;

impl<'a> Items<'a> {
    /// A module of `count` items compiled in every build, no parts.
    pub fn plain(head: TokenStream, count: usize, chunk: usize, emit: ItemsFn<'a>) -> Self {
        Items {
            head,
            leading: TokenStream::new(),
            always: (0..count).collect(),
            parts: Vec::new(),
            imports: TokenStream::new(),
            part_head: Box::new(|_| TokenStream::new()),
            reexport: false,
            chunk,
            emit,
        }
    }
}

/// The formatted text of one item module.
#[derive(Default)]
struct ModuleText {
    /// Its head and its imports.
    head: String,
    /// The leading items.
    leading: String,
    /// The always-compiled items.
    items: String,
    /// Each part's head and items.
    parts: Vec<(String, String)>,
}

/// Which piece of which module a formatting job makes.
#[derive(Clone, Copy)]
enum Piece {
    Head,
    Leading,
    Items,
    PartHead(usize),
    PartItems(usize),
}

impl CrateLayout<'_> {
    /// The crate as files (`src/lib.rs`, then `src/<module>.rs` for each, or the files of
    /// `src/<module>/` for a folder or a module with parts), each with `header`.
    pub fn render_files(&self, header: &str) -> Result<Vec<(String, String)>, Error> {
        let texts = self.format_modules(false)?;
        let mut files = vec![(
            "src/lib.rs".to_owned(),
            format!("{header}{}", self.root_text(|_, declaration| declaration)?),
        )];
        for (module, text) in self.modules.iter().zip(texts) {
            let items = match &module.body {
                Body::Folder(folder) => {
                    for (file, contents) in *folder {
                        files.push((
                            format!("src/{}/{file}", module.name),
                            format!("{header}{contents}"),
                        ));
                    }
                    continue;
                }
                Body::Items(items) => items,
            };
            let path = match &module.place {
                Place::Declared(_) if items.parts.is_empty() => format!("src/{}.rs", module.name),
                Place::Declared(_) => format!("src/{}/mod.rs", module.name),
                Place::Standalone(path) => path.clone(),
            };
            let declarations = part_declarations(items, |_, declaration| declaration)?;
            files.push((
                path,
                format!("{header}{}", module_file(&text, &declarations)),
            ));
            for (part, (head, body)) in items.parts.iter().zip(&text.parts) {
                files.push((
                    format!("src/{}/{}.rs", module.name, part.name),
                    format!("{header}{}", join_blocks(&[head, body])),
                ));
            }
        }
        Ok(files)
    }

    /// The crate as one file whose modules and parts are inline, but for a folder module,
    /// declared with `#[path = "<folder_path>"]` (its `mod.rs`, relative to the file).
    pub fn render_inline(&self, header: &str, folder_path: &str) -> Result<String, Error> {
        let texts = self.format_modules(true)?;
        let mut bodies = Vec::with_capacity(self.modules.len());
        for (module, text) in self.modules.iter().zip(&texts) {
            let Body::Items(items) = &module.body else {
                bodies.push(String::new());
                continue;
            };
            let declarations = part_declarations(items, |p, declaration| {
                let (head, body) = &text.parts[p];
                inline_module(&declaration, &join_blocks(&[head, body]))
            })?;
            bodies.push(module_file(text, &declarations));
        }
        let root = self.root_text(|i, declaration| {
            if let Body::Folder(_) = self.modules[i].body {
                return format!("#[path = {folder_path:?}]\n{declaration}");
            }
            inline_module(&declaration, &bodies[i])
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

    /// Formats every item module on a pool of threads: heads, then items in chunks, or each
    /// part `whole`.
    fn format_modules(&self, whole: bool) -> Result<Vec<ModuleText>, Error> {
        let mut jobs: Vec<Job<'_>> = Vec::new();
        for (m, module) in self.modules.iter().enumerate() {
            if whole && matches!(module.place, Place::Standalone(_)) {
                continue;
            }
            let Body::Items(items) = &module.body else {
                continue;
            };
            let chunk = if whole {
                usize::MAX
            } else {
                items.chunk.max(1)
            };
            let file = module.name;
            let head = items.head.to_string();
            let imports = items.imports.to_string();
            jobs.push((
                m,
                Piece::Head,
                Box::new(move || {
                    let (head, imports) = (format_text(file, &head)?, format_text(file, &imports)?);
                    Ok(join_blocks(&[&head, &imports]))
                }),
            ));
            if !items.leading.is_empty() {
                let leading = items.leading.to_string();
                jobs.push((
                    m,
                    Piece::Leading,
                    Box::new(move || Ok(space_items(&format_text(file, &leading)?))),
                ));
            }
            let emit = &items.emit;
            for run in items.always.chunks(chunk) {
                jobs.push((
                    m,
                    Piece::Items,
                    Box::new(move || Ok(space_items(&format_tokens(file, emit(run))?))),
                ));
            }
            for (p, part) in items.parts.iter().enumerate() {
                let (doc, extra) = (part_doc(&part.features), (items.part_head)(&part.items));
                let head = quote!(#doc #extra).to_string();
                jobs.push((
                    m,
                    Piece::PartHead(p),
                    Box::new(move || format_text(file, &head)),
                ));
                for run in part.items.chunks(chunk) {
                    jobs.push((
                        m,
                        Piece::PartItems(p),
                        Box::new(move || Ok(space_items(&format_tokens(file, emit(run))?))),
                    ));
                }
            }
        }
        let mut texts: Vec<ModuleText> = self
            .modules
            .iter()
            .map(|module| ModuleText {
                parts: match &module.body {
                    Body::Items(items) => vec![Default::default(); items.parts.len()],
                    Body::Folder(_) => Vec::new(),
                },
                ..ModuleText::default()
            })
            .collect();
        // Chunks end and start with whole items: a blank line between them.
        let append = |to: &mut String, text: String| {
            if !to.is_empty() {
                to.push('\n');
            }
            to.push_str(&text);
        };
        for (m, piece, text) in run_jobs(jobs)? {
            let module = &mut texts[m];
            match piece {
                Piece::Head => module.head = text,
                Piece::Leading => module.leading = text,
                Piece::Items => append(&mut module.items, text),
                Piece::PartHead(p) => module.parts[p].0 = text,
                Piece::PartItems(p) => append(&mut module.parts[p].1, text),
            }
        }
        Ok(texts)
    }
}

/// The `//!` line that says when a part is compiled.
fn part_doc(features: &[String]) -> TokenStream {
    let list = |names: &[String]| {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let text = match features {
        [one] => format!(" What feature `{one}` compiles."),
        few if few.len() <= 4 => format!(" What any of the features {} compiles.", list(few)),
        many => format!(
            " What any of {} features compiles ({}, …: its declaration lists them all).",
            many.len(),
            list(&many[..2])
        ),
    };
    quote!(#![doc = #text])
}

/// The declarations of a module's parts, each as `inline` makes it of the formatted
/// `#[cfg(…)] mod part;` (given the part's index), then their re-exports.
fn part_declarations(
    items: &Items<'_>,
    inline: impl Fn(usize, String) -> String,
) -> Result<String, Error> {
    let mut declarations = String::new();
    let mut reexports = TokenStream::new();
    for (p, part) in items.parts.iter().enumerate() {
        let Some(predicate) = cfg_predicate(&part.features) else {
            continue;
        };
        let name = format_ident!("{}", part.name);
        let declaration = format_tokens(
            "a module's parts",
            quote!(#[cfg(#predicate)] #[rustfmt::skip] mod #name;),
        )?;
        declarations.push_str(&inline(p, declaration));
        if items.reexport {
            reexports.extend(quote!(#[cfg(#predicate)] pub use #name::*;));
        }
    }
    let reexports = format_tokens("a module's parts", reexports)?;
    Ok(join_blocks(&[&declarations, &reexports]))
}

/// A formatted `mod name;` declaration made a module of `body`.
fn inline_module(declaration: &str, body: &str) -> String {
    let declaration = declaration.trim_end().trim_end_matches(';');
    format!("{declaration} {{\n{}}}\n\n", indent(body))
}

/// A module's own file: its head, its parts' declarations, its items.
fn module_file(text: &ModuleText, declarations: &str) -> String {
    join_blocks(&[&text.head, declarations, &text.leading, &text.items])
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
        "runtime::",
    ];
    // Generated lines are indented with spaces only.
    let trimmed = |line: &str| line.trim_start_matches(' ').len();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous: Option<(&str, usize)> = None;
    for line in text.lines() {
        let body = &line[line.len() - trimmed(line)..];
        let indentation = line.len() - body.len();
        if let Some((prev, prev_indentation)) = previous {
            let ends_item = prev.ends_with('}') || prev.ends_with(';');
            let is_use = |l: &str| l.starts_with("use ") || l.starts_with("pub use ");
            // A comment (a doc line ending in `;`, say) ends nothing.
            if ends_item
                && indentation <= 4
                && indentation == prev_indentation
                && !prev.starts_with("//")
                && STARTS.iter().any(|s| body.starts_with(s))
                && !(is_use(prev) && is_use(body))
            {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some((body, indentation));
    }
    out
}

/// One formatting job: which module its text belongs to, and the work.
type Job<'a> = (
    usize,
    Piece,
    Box<dyn FnOnce() -> Result<String, Error> + Send + 'a>,
);

/// Which module and piece a job's text belongs to.
type JobOf = (usize, Piece);

/// Runs the jobs on up to one thread per core; returns their texts in the jobs' order.
fn run_jobs(jobs: Vec<Job<'_>>) -> Result<Vec<(usize, Piece, String)>, Error> {
    let count = jobs.len();
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, count.max(1));
    let queue = std::sync::Mutex::new(jobs.into_iter().enumerate());
    let mut done: Vec<(usize, JobOf, Result<String, Error>)> = std::thread::scope(|scope| {
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
                            let Some((index, (module, piece, job))) = next else {
                                return done;
                            };
                            done.push((index, (module, piece), job()));
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
            done.push((
                usize::MAX,
                (0, Piece::Head),
                Err(Error::Internal { message: failure }),
            ));
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
        .map(|(_, (module, piece), text)| text.map(|text| (module, piece, text)))
        .collect()
}

/// Emitter threads nest as deep as the schemas (at most the model's depth limit).
const WORKER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Formats tokens that make a whole file or a run of its items.
pub fn format_tokens(file: &str, tokens: TokenStream) -> Result<String, Error> {
    let parsed: syn::File = syn::parse2(tokens).map_err(|e| Error::Internal {
        message: format!("generated {file} is not valid Rust: {e}"),
    })?;
    Ok(super::macro_calls::tidy(&prettyplease::unparse(&parsed)))
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
