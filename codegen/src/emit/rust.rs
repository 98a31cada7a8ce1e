//! Small pieces every emitter shares: the Rust spelling of a model type, and spec prose as docs.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::model::{InputType, ResponseBody, TypeRef};

/// How a module writes the standard types `Option`, `String` and `Vec`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StdNames {
    /// By their prelude names.
    Prelude,
    /// By absolute path (`::std::option::Option`), where an item of the module may take one of
    /// the names.
    Absolute,
}

impl StdNames {
    /// How the `types` module, given its types' names, writes them: by absolute path only when
    /// a schema took one of the names. (Every other module writes them by their prelude names:
    /// builders never take one, `crate::surface::PRELUDE_NAMES`.)
    pub(crate) fn in_types<'a>(mut names: impl Iterator<Item = &'a str>) -> Self {
        match names.any(|name| matches!(name, "Option" | "String" | "Vec")) {
            true => StdNames::Absolute,
            false => StdNames::Prelude,
        }
    }

    /// `Option`, or `::std::option::Option`.
    pub(crate) fn option(self) -> TokenStream {
        match self {
            StdNames::Prelude => quote!(Option),
            StdNames::Absolute => quote!(::std::option::Option),
        }
    }

    /// `String`, or `::std::string::String`.
    pub(crate) fn string(self) -> TokenStream {
        match self {
            StdNames::Prelude => quote!(String),
            StdNames::Absolute => quote!(::std::string::String),
        }
    }

    /// `Vec`, or `::std::vec::Vec`.
    pub(crate) fn vec(self) -> TokenStream {
        match self {
            StdNames::Prelude => quote!(Vec),
            StdNames::Absolute => quote!(::std::vec::Vec),
        }
    }
}

/// The Rust type for a model type; `prefix` is the path to the `types` module, empty in the
/// `types` module itself, which writes standard types by absolute path here (see
/// [`rust_type_with`] for its own choice).
pub(crate) fn rust_type(ty: &TypeRef, prefix: &TokenStream) -> TokenStream {
    let std = match prefix.is_empty() {
        true => StdNames::Absolute,
        false => StdNames::Prelude,
    };
    rust_type_with(ty, prefix, std)
}

/// [`rust_type`], standard types written as `std` says.
pub(crate) fn rust_type_with(ty: &TypeRef, prefix: &TokenStream, std: StdNames) -> TokenStream {
    match ty {
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U64 => quote!(u64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::String => std.string(),
        TypeRef::Date => quote!(::chrono::NaiveDate),
        TypeRef::DateTime => quote!(::chrono::DateTime<::chrono::FixedOffset>),
        TypeRef::File => {
            let runtime = runtime_path(prefix);
            quote!(#runtime FilePart)
        }
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::JsonObject => {
            let string = std.string();
            quote!(::serde_json::Map<#string, ::serde_json::Value>)
        }
        TypeRef::Named(name) => {
            let name = format_ident!("{}", name);
            quote!(#prefix #name)
        }
        TypeRef::External { path, .. } => external_type(path),
        TypeRef::Vec(item) => {
            let item = rust_type_with(item, prefix, std);
            let vec = std.vec();
            quote!(#vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = rust_type_with(value, prefix, std);
            let string = std.string();
            quote!(::std::collections::BTreeMap<#string, #value>)
        }
        TypeRef::Option(inner) => {
            let inner = rust_type_with(inner, prefix, std);
            let option = std.option();
            quote!(#option<#inner>)
        }
        TypeRef::Related(_) => {
            let runtime = runtime_path(prefix);
            quote!(#runtime Related)
        }
    }
}

/// A type the user chose, from its path: crate paths absolute (`::uuid::Uuid`), `String` and
/// paths into this crate as written. The path was checked to be a type (`TypeMappings::check`).
fn external_type(path: &str) -> TokenStream {
    let path = path.trim();
    let written = match crate::mapping::crate_of(path) {
        Some(krate) if krate != "crate" && !path.starts_with("::") => format!("::{path}"),
        _ => path.to_owned(),
    };
    match syn::parse_str::<syn::Type>(&written) {
        Ok(ty) => quote!(#ty),
        Err(_) => quote!(::serde_json::Value),
    }
}

/// A type as a reader writes it in an example (`Vec<my_api::types::Pet>`): [`rust_type`] seen
/// from outside the crate `lib`, crate paths without the leading `::`.
pub(crate) fn type_text(ty: &TypeRef, lib: &str) -> String {
    let lib = format_ident!("{}", lib);
    tokens_text(&rust_type(ty, &quote!(#lib::types::)))
}

/// The tokens of a type as one line of text, crate paths without the leading `::`
/// (`Vec<chrono::NaiveDate>`). A type's tokens print with a space between every two
/// (`Vec < :: chrono :: NaiveDate >`); only those around punctuation are dropped.
pub(crate) fn tokens_text(tokens: &TokenStream) -> String {
    let spaced = tokens.to_string();
    let mut out = String::with_capacity(spaced.len());
    let mut words = spaced.split(' ').filter(|w| !w.is_empty()).peekable();
    while let Some(word) = words.next() {
        out.push_str(word);
        // A space only between two words (`dyn Trait`, `impl Into`), and after a comma.
        let next_is_word = words.peek().is_some_and(|next| {
            next.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '\'')
        });
        let word_ends = word.ends_with(|c: char| c.is_alphanumeric() || c == '_');
        if word == "," || (word_ends && next_is_word) {
            out.push(' ');
        }
    }
    // `::chrono::NaiveDate` as `chrono::NaiveDate`, wherever a path starts.
    let mut text = String::with_capacity(out.len());
    for (i, part) in out.split("::").enumerate() {
        let leading = i > 0 && (text.is_empty() || text.ends_with(['<', ' ', '(', ',', '&']));
        if i > 0 && !leading {
            text.push_str("::");
        }
        text.push_str(part);
    }
    text
}

/// The Rust type a response body decodes into (`prefix` as for [`rust_type`]); `None` for an
/// empty body.
pub(crate) fn response_type(body: &ResponseBody, prefix: &TokenStream) -> Option<TokenStream> {
    let std = match prefix.is_empty() {
        true => StdNames::Absolute,
        false => StdNames::Prelude,
    };
    response_type_with(body, prefix, std)
}

/// [`response_type`], standard types written as `std` says.
pub(crate) fn response_type_with(
    body: &ResponseBody,
    prefix: &TokenStream,
    std: StdNames,
) -> Option<TokenStream> {
    match body {
        ResponseBody::Empty => None,
        ResponseBody::Json(ty) => Some(rust_type_with(ty, prefix, std)),
        ResponseBody::Text => Some(std.string()),
        ResponseBody::Bytes => {
            let vec = std.vec();
            Some(quote!(#vec<u8>))
        }
        ResponseBody::EventStream(item) => {
            let item = rust_type_with(item, prefix, std);
            let runtime = runtime_path(prefix);
            Some(quote!(#runtime EventStream<#item>))
        }
        ResponseBody::JsonLines(item) => {
            let item = rust_type_with(item, prefix, std);
            let runtime = runtime_path(prefix);
            Some(quote!(#runtime JsonLines<#item>))
        }
    }
}

/// The path to the runtime's public items seen from where `prefix` (the path to `types`) is
/// written: `super::runtime::` from `types` itself (no prefix), `runtime::` from the modules
/// that import it beside `types` (`operations`, `client`, `mock` and their parts), the crate
/// root (`my_api::`, which re-exports them) outside.
pub(crate) fn runtime_path(prefix: &TokenStream) -> TokenStream {
    let text = prefix.to_string().replace(' ', "");
    match text.strip_suffix("types::") {
        None => quote!(super::runtime::),
        Some("") => quote!(runtime::),
        Some(root) => root.parse().unwrap_or_default(),
    }
}

/// How an input is taken by the client method or a setter, and whether it needs `.into()`.
pub(crate) fn argument(ty: &InputType) -> (TokenStream, bool) {
    match ty {
        InputType::Text => (quote!(impl Into<String>), true),
        InputType::Bytes => (quote!(impl Into<runtime::Payload>), true),
        InputType::Value(ty) => (rust_type(ty, &types_path()), false),
    }
}

/// How an input is kept in the builder.
pub(crate) fn stored(ty: &InputType) -> TokenStream {
    match ty {
        InputType::Text => quote!(String),
        InputType::Bytes => quote!(runtime::Payload),
        InputType::Value(ty) => rust_type(ty, &types_path()),
    }
}

pub(crate) fn types_path() -> TokenStream {
    quote!(types::)
}

/// Spec prose as doc lines. Code fences become `text` blocks and indentation is dropped, so
/// rustdoc never compiles a description as a doctest; a line continuing a quote or a list item
/// gets the quote marker or the item's indentation back (Markdown's lazy continuation, which
/// Clippy flags).
fn doc_lines(text: &str) -> Vec<String> {
    let mut in_fence = false;
    // The prefix a continuation line of the current quote or list item needs.
    let mut continuation: Option<String> = None;
    // Tabs would show at a width rustdoc does not know.
    let text = match text.contains('\t') {
        true => std::borrow::Cow::Owned(text.replace('\t', "    ")),
        false => std::borrow::Cow::Borrowed(text),
    };
    let mut lines: Vec<String> = text
        .trim()
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_fence = !in_fence;
                continuation = None;
                return format!(" {}", if in_fence { "```text" } else { "```" });
            }
            let line = if in_fence {
                line.trim_end()
            } else {
                trimmed.trim_end()
            };
            if in_fence {
                return if line.is_empty() {
                    String::new()
                } else {
                    format!(" {line}")
                };
            }
            if line.is_empty() {
                continuation = None;
                return String::new();
            }
            if line.starts_with('>') {
                continuation = Some("> ".to_owned());
            } else if let Some(width) = list_marker_width(line) {
                continuation = Some(" ".repeat(width));
            } else if let Some(prefix) = &continuation {
                return format!(" {prefix}{line}");
            }
            format!(" {line}")
        })
        .collect();
    if in_fence {
        lines.push(" ```".to_owned());
    }
    lines
}

/// Where the text of a Markdown list item that starts `line` begins (`- a` → 2, `1.  a` → 4).
fn list_marker_width(line: &str) -> Option<usize> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    let marker = match digits {
        0 => rest.starts_with(['-', '*', '+']),
        1..=9 => rest.starts_with(['.', ')']),
        _ => false,
    };
    let spaces = rest.get(1..)?.chars().take_while(|c| *c == ' ').count();
    // Five or more spaces would start a code block inside the item: the text then begins after one.
    (marker && spaces > 0).then_some(digits + 1 + if spaces > 4 { 1 } else { spaces })
}

/// `#[cfg(feature = …)]` for an item compiled when any of `features` is on; nothing when the
/// list is empty (always compiled). On docs.rs (`--cfg docsrs`, the crate root enabling
/// `doc_cfg`) rustdoc shows each such item's features from this attribute alone.
pub(crate) fn cfg(features: &[String]) -> TokenStream {
    cfg_predicate(features).map_or_else(TokenStream::new, |p| quote!(#[cfg(#p)]))
}

/// The predicate of [`cfg`]: `feature = "a"` or `any(feature = "a", …)`; `None` for no features.
pub(crate) fn cfg_predicate(features: &[String]) -> Option<TokenStream> {
    match features {
        [] => None,
        [one] => Some(quote!(feature = #one)),
        many => Some(quote!(any(#(feature = #many),*))),
    }
}

pub(crate) fn docs(text: Option<&str>) -> TokenStream {
    let lines = doc_lines(text.unwrap_or_default());
    let lines = lines.iter().map(|line| doc_literal(line));
    quote!(#(#[doc = #lines])*)
}

pub(crate) fn inner_docs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    let lines = lines.iter().map(|line| doc_literal(line));
    quote!(#(#![doc = #lines])*)
}

/// One doc line as the literal of `#[doc = …]`: a raw string (`r"…"`), which syn and
/// prettyplease read as it is, where a plain string is escaped here and unescaped char by char
/// each time syn looks at it. prettyplease prints either as the same `///` line. A line a raw
/// string cannot hold (a carriage return), or that prettyplease would print as the literal
/// itself (a line break, a leading `/` or `*`), stays a plain string.
pub(crate) fn doc_literal(line: &str) -> Literal {
    if line.contains(['\r', '\n']) || line.starts_with(['/', '*']) {
        return Literal::string(line);
    }
    // As many `#` as the longest run after a `"` in the text, plus one (none without a `"`).
    let hashes = line
        .match_indices('"')
        .map(|(at, _)| line[at + 1..].bytes().take_while(|b| *b == b'#').count() + 1)
        .max()
        .unwrap_or(0);
    let hashes = "#".repeat(hashes);
    format!("r{hashes}\"{line}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| Literal::string(line))
}

#[cfg(test)]
mod tests {
    use super::{StdNames, doc_lines, doc_literal, rust_type_with};
    use crate::model::TypeRef;
    use quote::quote;

    #[test]
    fn types_write_standard_types_by_path_only_where_a_schema_took_their_name() {
        assert_eq!(
            StdNames::in_types(["Pet", "Order"].into_iter()),
            StdNames::Prelude
        );
        for taken in ["Option", "String", "Vec"] {
            assert_eq!(
                StdNames::in_types(["Pet", taken].into_iter()),
                StdNames::Absolute
            );
        }
        let ty = TypeRef::Option(Box::new(TypeRef::Vec(Box::new(TypeRef::String))));
        let here = quote!();
        let spelled = |std| rust_type_with(&ty, &here, std).to_string();
        assert_eq!(spelled(StdNames::Prelude), "Option < Vec < String > >");
        assert_eq!(
            spelled(StdNames::Absolute),
            ":: std :: option :: Option < :: std :: vec :: Vec < :: std :: string :: String > >"
        );
    }

    #[test]
    fn doc_literals_read_back_as_their_text_and_print_as_doc_comments() {
        let lines = [
            " plain",
            " a \"quote\" and \"# a quote before a hash",
            " ends with a quote\"",
            " \"## two hashes",
            " back\\slash and tab\t",
            "/ leading slash",
            " carriage\rreturn",
            "",
        ];
        for line in lines {
            let literal = doc_literal(line);
            let raw = literal.to_string().starts_with('r');
            assert_eq!(
                raw,
                !line.contains('\r') && !line.starts_with('/'),
                "{line:?}"
            );
            let file: syn::File =
                syn::parse2(quote::quote!(#[doc = #literal] struct S;)).expect("parses");
            let syn::Item::Struct(item) = &file.items[0] else {
                panic!("not a struct");
            };
            let syn::Meta::NameValue(meta) = &item.attrs[0].meta else {
                panic!("not a name-value attribute");
            };
            let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(text),
                ..
            }) = &meta.value
            else {
                panic!("not a string");
            };
            assert_eq!(text.value(), line);
            let plain = proc_macro2::Literal::string(line);
            let printed = |tokens| prettyplease::unparse(&syn::parse2(tokens).expect("parses"));
            assert_eq!(
                printed(quote::quote!(#[doc = #literal] struct S;)),
                printed(quote::quote!(#[doc = #plain] struct S;)),
            );
        }
    }

    #[test]
    fn continued_quotes_and_list_items_keep_their_marker_or_indentation() {
        let text = "> A quote\nthat goes on.\n\n- An item\n  that goes on\n12. Another\nstill\n*   Wide\n  on\n\nProse\twith a tab.\n```\n  code\n```";
        assert_eq!(
            doc_lines(text),
            [
                " > A quote",
                " > that goes on.",
                "",
                " - An item",
                "   that goes on",
                " 12. Another",
                "     still",
                " *   Wide",
                "     on",
                "",
                " Prose    with a tab.",
                " ```text",
                "   code",
                " ```",
            ]
        );
    }
}
