//! What the runtime and the emitted skeletons really contain, read back with syn: the runtime's
//! public items (re-exported at the crate root), and the names that spec names must not take:
//! the methods of `Client` (the runtime's, the generated constructors', the derived traits')
//! and of the mock's `MockApi`, and the fields and methods of a request builder. Nothing here is a hand-kept list, so a new
//! runtime method or builder member is avoided as soon as it exists.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use proc_macro2::{Ident, Span};
use syn::{Fields, ImplItem, Item, Type};

use super::{RUNTIME, client, mock, operations};
use crate::error::Error;
use crate::model::{Api, Auth};
use crate::names::ReservedNames;

/// The runtime's public items that are not `#[doc(hidden)]`, sorted (read once per process).
pub fn public_items() -> Result<Vec<Ident>, Error> {
    static NAMES: OnceLock<Result<Vec<String>, String>> = OnceLock::new();
    let names = NAMES
        .get_or_init(|| public_names().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|message| Error::Internal {
            message: message.clone(),
        })?;
    Ok(names
        .iter()
        .map(|name| Ident::new(name, Span::call_site()))
        .collect())
}

/// Every item of every runtime module, as one file (`mod.rs` re-exports each module whole).
fn runtime_file() -> Result<syn::File, Error> {
    let mut file = parse("", "the runtime")?;
    for (name, text) in RUNTIME {
        file.items
            .extend(parse(text, &format!("the runtime's {name}"))?.items);
    }
    Ok(file)
}

fn public_names() -> Result<Vec<String>, Error> {
    let runtime = runtime_file()?;
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
    Ok(names)
}

/// The names generated inputs and client methods must leave alone (computed once).
pub fn reserved_names() -> Result<&'static ReservedNames, Error> {
    static RESERVED: OnceLock<Result<ReservedNames, String>> = OnceLock::new();
    RESERVED
        .get_or_init(|| derive().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|message| Error::Internal {
            message: message.clone(),
        })
}

fn derive() -> Result<ReservedNames, Error> {
    let runtime = runtime_file()?;
    let empty = Api {
        title: String::new(),
        version: String::new(),
        description: None,
        servers: Vec::new(),
        auth: Some(Auth::Bearer { description: None }),
        operations: Vec::new(),
        types: Vec::new(),
        features: Vec::new(),
    };
    let client_items = client::items(&empty, "api_client", 0..client::item_count(&empty));
    let client_module = parse(&client_items.to_string(), "the client module")?;
    let skeleton = parse(&operations::skeleton().to_string(), "a request builder")?;
    let mock = parse(&mock::shared().to_string(), "the mock module")?;
    let mut client_methods = members(&runtime, "Client");
    client_methods.extend(members(&client_module, "Client"));
    // Each operation has a method of the same name on the mock.
    client_methods.extend(members(&mock, "MockApi"));
    Ok(ReservedNames {
        client_methods: client_methods.into_iter().collect(),
        builder_members: members(&skeleton, "Skeleton").into_iter().collect(),
    })
}

fn parse(text: &str, what: &str) -> Result<syn::File, Error> {
    syn::parse_file(text).map_err(|e| Error::Internal {
        message: format!("{what} does not parse: {e}"),
    })
}

/// The fields of the struct `name` in `file`, the methods of every impl block for it (inherent
/// or of a trait), and the methods of the standard traits it derives.
fn members(file: &syn::File, name: &str) -> BTreeSet<String> {
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
    use super::{public_items, reserved_names};

    #[test]
    fn reserved_names_come_from_the_real_items() {
        let reserved = reserved_names().expect("derives");
        for method in ["new", "builder", "base_url", "execute", "clone", "fmt"] {
            assert!(
                reserved.client_methods.iter().any(|m| m == method),
                "{method}: {:?}",
                reserved.client_methods
            );
        }
        for member in ["client", "new", "send", "into_future", "clone"] {
            assert!(
                reserved.builder_members.iter().any(|m| m == member),
                "{member}: {:?}",
                reserved.builder_members
            );
        }
    }

    /// `RUNTIME` lists every file of the runtime folder, `mod.rs` first, and `mod.rs` re-exports
    /// each module whole (what `public_items` assumes).
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
            assert!(
                root.contains(&format!("\npub use {module}::*;")),
                "{module}"
            );
        }
    }

    #[test]
    fn hidden_runtime_items_are_not_exported() {
        let exported: Vec<String> = public_items()
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
