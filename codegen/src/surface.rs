//! What generated code defines beside the spec's names, in one place that the model and
//! emission both read: the runtime (the files copied into every crate, and its public items,
//! re-exported at each crate's root) and the members of the emitted skeletons (`Client`'s
//! constructors, every request builder, the mock's `MockApi`) that spec names must leave
//! alone. The runtime's names are read from its source; the skeletons' are listed here, and a
//! test of emission (`emit::surface_check`) checks that the emitted code defines exactly these.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use proc_macro2::{Ident, Span};
use syn::{Fields, ImplItem, Item, Type};

use crate::error::Error;
use crate::names::ReservedNames;

/// The runtime shared by all operations, a folder of modules copied verbatim into every
/// generated crate as `src/runtime/`: (file name, text), `mod.rs` first. It is the source of the
/// `client-runtime` crate, where it is compiled, linted and tested; a test checks that this
/// list is the folder.
pub const RUNTIME: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../runtime/src/runtime/mod.rs")),
    ("auth.rs", include_str!("../runtime/src/runtime/auth.rs")),
    (
        "bodies.rs",
        include_str!("../runtime/src/runtime/bodies.rs"),
    ),
    (
        "builders.rs",
        include_str!("../runtime/src/runtime/builders.rs"),
    ),
    (
        "client.rs",
        include_str!("../runtime/src/runtime/client.rs"),
    ),
    (
        "config.rs",
        include_str!("../runtime/src/runtime/config.rs"),
    ),
    (
        "decode.rs",
        include_str!("../runtime/src/runtime/decode.rs"),
    ),
    ("error.rs", include_str!("../runtime/src/runtime/error.rs")),
    ("hooks.rs", include_str!("../runtime/src/runtime/hooks.rs")),
    ("oauth.rs", include_str!("../runtime/src/runtime/oauth.rs")),
    (
        "options.rs",
        include_str!("../runtime/src/runtime/options.rs"),
    ),
    ("pages.rs", include_str!("../runtime/src/runtime/pages.rs")),
    (
        "params.rs",
        include_str!("../runtime/src/runtime/params.rs"),
    ),
    (
        "response.rs",
        include_str!("../runtime/src/runtime/response.rs"),
    ),
    ("retry.rs", include_str!("../runtime/src/runtime/retry.rs")),
    ("send.rs", include_str!("../runtime/src/runtime/send.rs")),
    (
        "servers.rs",
        include_str!("../runtime/src/runtime/servers.rs"),
    ),
    (
        "streams.rs",
        include_str!("../runtime/src/runtime/streams.rs"),
    ),
    (
        "types_support.rs",
        include_str!("../runtime/src/runtime/types_support.rs"),
    ),
];

/// The standard prelude's names that generated modules other than `types` write unqualified
/// (`Option`, `Some`, …): builders, the only spec-named types there, never take one. (The
/// `types` module, where a schema may take one, writes standard items by absolute path.)
pub const PRELUDE_NAMES: &[&str] = &[
    "AsRef",
    "Box",
    "Err",
    "From",
    "Future",
    "Into",
    "IntoFuture",
    "None",
    "Ok",
    "Option",
    "PartialEq",
    "Result",
    "Send",
    "Some",
    "String",
    "Sync",
    "ToString",
    "Vec",
];

/// Methods the generated `client` module adds to `Client` (besides one per operation).
pub const CLIENT_METHODS: &[&str] = &["builder", "new"];

/// Fields and methods of every request builder, its derived and implemented traits' included.
pub const BUILDER_MEMBERS: &[&str] = &[
    "client",
    "clone",
    "clone_from",
    "encode_path",
    "fmt",
    "into_future",
    "items",
    "new",
    "options",
    "pages",
    "request",
    "send",
    "send_stream",
    "send_with_response",
];

/// Methods of the mock's `MockApi` (besides one per operation, named like the client's).
pub const MOCK_METHODS: &[&str] = &[
    "client",
    "client_builder",
    "mount_token_endpoint",
    "server",
    "start",
    "uri",
];

/// Every item of every runtime module, as one file (`mod.rs` re-exports each module whole).
fn runtime_file() -> Result<syn::File, Error> {
    let mut file = parse("", "the runtime")?;
    for (name, text) in RUNTIME {
        file.items
            .extend(parse(text, &format!("the runtime's {name}"))?.items);
    }
    Ok(file)
}

/// The methods the runtime's macro `name` (a `macro_rules!`) writes into the impl blocks it
/// expands to: each `fn` directly in an `impl … { … }` of its rules, optional groups
/// (`$( … )?`) included, so helper functions inside a method body are not counted.
#[cfg(test)]
pub(crate) fn macro_methods(name: &str) -> Result<BTreeSet<String>, Error> {
    use proc_macro2::{Delimiter, TokenStream, TokenTree};
    fn impl_bodies(tokens: TokenStream, names: &mut BTreeSet<String>) {
        let mut in_impl = false;
        for token in tokens {
            match token {
                TokenTree::Ident(word) if word == "impl" => in_impl = true,
                TokenTree::Group(group) if in_impl && group.delimiter() == Delimiter::Brace => {
                    methods(group.stream(), names);
                    in_impl = false;
                }
                TokenTree::Group(group) => impl_bodies(group.stream(), names),
                _ => {}
            }
        }
    }
    fn methods(body: TokenStream, names: &mut BTreeSet<String>) {
        let mut after_fn = false;
        for token in body {
            match token {
                TokenTree::Ident(word) if after_fn => {
                    names.insert(word.to_string());
                    after_fn = false;
                }
                TokenTree::Ident(word) => after_fn = word == "fn",
                // `$( … )?`: methods written only for some invocations.
                TokenTree::Group(group) if group.delimiter() == Delimiter::Parenthesis => {
                    methods(group.stream(), names);
                    after_fn = false;
                }
                _ => after_fn = false,
            }
        }
    }
    let runtime = runtime_file()?;
    let mut names = BTreeSet::new();
    for item in &runtime.items {
        if let Item::Macro(m) = item
            && m.ident.as_ref().is_some_and(|ident| ident == name)
        {
            impl_bodies(m.mac.tokens.clone(), &mut names);
        }
    }
    Ok(names)
}

/// What the generator reads from the runtime's source: its public names and the names it
/// reserves. Read once per process from one parse of the source.
struct RuntimeSurface {
    public_names: Vec<String>,
    reserved: ReservedNames,
}

fn runtime_surface() -> Result<&'static RuntimeSurface, Error> {
    static SURFACE: OnceLock<Result<RuntimeSurface, String>> = OnceLock::new();
    SURFACE
        .get_or_init(|| {
            let runtime = runtime_file().map_err(|e| e.to_string())?;
            Ok(RuntimeSurface {
                public_names: public_names(&runtime),
                reserved: derive(&runtime),
            })
        })
        .as_ref()
        .map_err(|message| Error::Internal {
            message: message.clone(),
        })
}

/// Reads the runtime's source now, so later calls find it read (a generation starts this on a
/// side thread while it loads the spec).
pub fn read_runtime_surface() {
    let _ = runtime_surface();
}

/// The runtime's public items that are not `#[doc(hidden)]`, sorted.
pub fn runtime_public_items() -> Result<Vec<Ident>, Error> {
    Ok(runtime_surface()?
        .public_names
        .iter()
        .map(|name| Ident::new(name, Span::call_site()))
        .collect())
}

fn public_names(runtime: &syn::File) -> Vec<String> {
    let mut names: Vec<String> = runtime
        .items
        .iter()
        .filter_map(|item| {
            let (vis, attrs, ident) = match item {
                Item::Struct(i) => (&i.vis, &i.attrs, &i.ident),
                Item::Enum(i) => (&i.vis, &i.attrs, &i.ident),
                Item::Trait(i) => (&i.vis, &i.attrs, &i.ident),
                Item::Const(i) => (&i.vis, &i.attrs, &i.ident),
                Item::Type(i) => (&i.vis, &i.attrs, &i.ident),
                Item::Fn(i) => (&i.vis, &i.attrs, &i.sig.ident),
                _ => return None,
            };
            (matches!(vis, syn::Visibility::Public(_)) && !is_hidden(attrs))
                .then(|| ident.to_string())
        })
        .collect();
    names.sort();
    names
}

/// The names operation methods and builder inputs must leave alone: `Client`'s methods (the
/// runtime's, read from its source, and the generated ones), `MockApi`'s (each operation has a
/// mock helper of its name), and every builder's members.
pub fn reserved_names() -> Result<&'static ReservedNames, Error> {
    Ok(&runtime_surface()?.reserved)
}

fn derive(runtime: &syn::File) -> ReservedNames {
    let mut client_methods = members(runtime, "Client");
    client_methods.extend(CLIENT_METHODS.iter().map(|m| (*m).to_owned()));
    client_methods.extend(MOCK_METHODS.iter().map(|m| (*m).to_owned()));
    ReservedNames {
        client_methods: client_methods.into_iter().collect(),
        builder_members: BUILDER_MEMBERS.iter().map(|m| (*m).to_owned()).collect(),
        client_builder_methods: members(runtime, "ClientBuilder").into_iter().collect(),
    }
}

pub(crate) fn parse(text: &str, what: &str) -> Result<syn::File, Error> {
    syn::parse_file(text).map_err(|e| Error::Internal {
        message: format!("{what} does not parse: {e}"),
    })
}

/// The fields of the struct `name` in `file`, the methods of every impl block for it (inherent
/// or of a trait), and the methods of the standard traits it derives.
pub(crate) fn members(file: &syn::File, name: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for item in &file.items {
        match item {
            Item::Struct(s) if s.ident == name => {
                if let Fields::Named(fields) = &s.fields {
                    names.extend(
                        fields
                            .named
                            .iter()
                            .filter_map(|f| f.ident.as_ref().map(ToString::to_string)),
                    );
                }
                for derived in derives(&s.attrs) {
                    names.extend(derived_methods(&derived).iter().map(|m| (*m).to_owned()));
                }
            }
            Item::Impl(block) if type_name(&block.self_ty).as_deref() == Some(name) => {
                for member in &block.items {
                    if let ImplItem::Fn(method) = member {
                        names.insert(method.sig.ident.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    names
}

/// The last segment of a path type (`super::runtime::Client` is `Client`).
fn type_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// The trait names in `#[derive(…)]` attributes.
fn derives(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut names = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            if let Some(last) = meta.path.segments.last() {
                names.push(last.ident.to_string());
            }
            Ok(())
        });
    }
    names
}

/// The methods a derived standard trait adds.
fn derived_methods(derive: &str) -> &'static [&'static str] {
    match derive {
        "Clone" => &["clone", "clone_from"],
        "Debug" => &["fmt"],
        "PartialEq" => &["eq", "ne"],
        "PartialOrd" => &["partial_cmp", "lt", "le", "gt", "ge"],
        "Ord" => &["cmp", "max", "min", "clamp"],
        "Hash" => &["hash"],
        "Default" => &["default"],
        _ => &[],
    }
}

fn is_hidden(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("doc") && attr.parse_args::<Ident>().is_ok_and(|arg| arg == "hidden")
    })
}

#[cfg(test)]
mod tests {
    use super::{reserved_names, runtime_public_items};

    #[test]
    fn reserved_names_hold_the_runtime_and_the_skeletons() {
        let reserved = reserved_names().expect("derives");
        for method in [
            "new", "builder", "base_url", "execute", "clone", "fmt", "start",
        ] {
            assert!(
                reserved.client_methods.iter().any(|m| m == method),
                "{method}: {:?}",
                reserved.client_methods
            );
        }
        assert!(reserved.builder_members.iter().any(|m| m == "send"));
    }

    /// `RUNTIME` lists every file of the runtime folder, `mod.rs` first, and `mod.rs` re-exports
    /// each module whole (what `runtime_public_items` assumes).
    #[test]
    fn the_runtime_list_is_the_folder() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime/src/runtime");
        let mut files: Vec<String> = std::fs::read_dir(&folder)
            .expect("runtime folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let mut listed: Vec<String> = super::RUNTIME
            .iter()
            .map(|(n, _)| (*n).to_owned())
            .collect();
        assert_eq!(listed[0], "mod.rs");
        listed.sort();
        assert_eq!(listed, files);
        let root = super::RUNTIME[0].1;
        for name in files.iter().filter(|f| *f != "mod.rs") {
            let module = name.trim_end_matches(".rs");
            assert!(root.contains(&format!("\nmod {module};")), "{module}");
            // A module with public items (or macros for the crate) has them re-exported.
            let source = super::RUNTIME
                .iter()
                .find(|(n, _)| n == name)
                .expect("listed")
                .1;
            let public = source
                .lines()
                .any(|line| line.starts_with("pub ") || line.starts_with("pub(crate) use "));
            let reexported = root.contains(&format!("\npub use {module}::*;"))
                || root.contains(&format!("\npub(crate) use {module}::*;"));
            assert_eq!(reexported, public, "{module}");
        }
    }

    #[test]
    fn hidden_runtime_items_are_not_exported() {
        let exported: Vec<String> = runtime_public_items()
            .expect("parses")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(exported.contains(&"Client".to_owned()));
        assert!(exported.contains(&"USER_AGENT".to_owned()));
        assert!(!exported.contains(&"Request".to_owned()));
        assert!(!exported.contains(&"decode_json".to_owned()));
    }
}
