//! prettyplease prints a macro call's arguments as loose tokens (`Vec < u8 >`, one long
//! flowing line). The calls of the runtime's `request_builder!` that the `operations` module
//! makes are reprinted here one argument per line, each type, path or block formatted by
//! prettyplease as the Rust it is.

use std::cell::RefCell;
use std::collections::HashMap;

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

/// How a `request_builder!` call starts, as prettyplease prints it on a line of its own.
const CALL: &str = "runtime::request_builder! {";

/// `text` (formatted by prettyplease) with each `request_builder!` call reprinted; a call
/// whose arguments are not what `operations` writes is left as it is.
pub fn tidy(text: &str) -> String {
    if !text.contains(CALL) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if !line.ends_with(CALL) || line.trim_start_matches(' ') != CALL {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        let close = format!("{indent}}}");
        let mut body = Vec::new();
        for inner in lines.by_ref() {
            if inner == close {
                break;
            }
            body.push(inner);
        }
        let reprinted = body
            .join("\n")
            .parse::<TokenStream>()
            .ok()
            .and_then(arguments);
        out.push_str(line);
        out.push('\n');
        match reprinted {
            Some(arguments) => {
                for argument in arguments {
                    for (i, text) in argument.lines().enumerate() {
                        let comma = if i + 1 == argument.lines().count() {
                            ","
                        } else {
                            ""
                        };
                        out.push_str(&format!("{indent}    {text}{comma}\n"));
                    }
                }
            }
            None => {
                for inner in &body {
                    out.push_str(inner);
                    out.push('\n');
                }
            }
        }
        out.push_str(&close);
        out.push('\n');
    }
    out
}

/// Each argument of a call, formatted (perhaps over several lines); `None` for a shape this
/// does not know.
fn arguments(tokens: TokenStream) -> Option<Vec<String>> {
    let mut arguments = Vec::new();
    let mut current: Vec<TokenTree> = Vec::new();
    for token in tokens.into_iter().chain(std::iter::once(comma())) {
        match &token {
            TokenTree::Punct(p) if p.as_char() == ',' => {
                if !current.is_empty() {
                    arguments.push(argument(std::mem::take(&mut current))?);
                }
            }
            _ => current.push(token),
        }
    }
    Some(arguments)
}

fn comma() -> TokenTree {
    TokenTree::Punct(proc_macro2::Punct::new(',', proc_macro2::Spacing::Alone))
}

/// One argument: `Type => decoder`, `pages of Type`, `next(page) { … }`, `streams Builder`,
/// a builder's name or a type.
fn argument(tokens: Vec<TokenTree>) -> Option<String> {
    let word = |i: usize| match tokens.get(i) {
        Some(TokenTree::Ident(ident)) => Some(ident.to_string()),
        _ => None,
    };
    // `Type => decoder`: `=>` is `=` joined to `>`.
    let arrow = tokens.windows(2).position(|pair| {
        matches!((&pair[0], &pair[1]), (TokenTree::Punct(a), TokenTree::Punct(b))
            if a.as_char() == '=' && a.spacing() == proc_macro2::Spacing::Joint && b.as_char() == '>')
    });
    if let Some(at) = arrow {
        let ty = rust_type(tokens[..at].iter().cloned().collect())?;
        let decoder = rust_type(tokens[at + 2..].iter().cloned().collect())?;
        return Some(format!("{ty} => {decoder}"));
    }
    match (word(0).as_deref(), word(1).as_deref()) {
        (Some("pages"), Some("of")) => {
            let ty = rust_type(tokens[2..].iter().cloned().collect())?;
            Some(format!("pages of {ty}"))
        }
        (Some("streams"), Some(builder)) if tokens.len() == 2 => Some(format!("streams {builder}")),
        (Some(name @ ("next" | "items")), None) => {
            let [_, TokenTree::Group(parameter), TokenTree::Group(block)] = tokens.as_slice()
            else {
                return None;
            };
            if parameter.delimiter() != Delimiter::Parenthesis
                || block.delimiter() != Delimiter::Brace
            {
                return None;
            }
            let parameter = parameter.stream().to_string();
            Some(format!(
                "{name}({parameter}) {}",
                block_text(block.stream())?
            ))
        }
        (Some(builder), None) if tokens.len() == 1 => Some(builder.to_owned()),
        _ => rust_type(tokens.into_iter().collect()),
    }
}

/// A type (or a path) as prettyplease prints it. The same few types and decoders recur in
/// every call, so each thread remembers what it printed.
fn rust_type(tokens: TokenStream) -> Option<String> {
    thread_local! {
        static PRINTED: RefCell<HashMap<String, Option<String>>> = RefCell::new(HashMap::new());
    }
    let key = tokens.to_string();
    if let Some(text) = PRINTED.with(|printed| printed.borrow().get(&key).cloned()) {
        return text;
    }
    let text = print_type(tokens);
    PRINTED.with(|printed| printed.borrow_mut().insert(key, text.clone()));
    text
}

fn print_type(tokens: TokenStream) -> Option<String> {
    let file: syn::File = syn::parse2(quote!(type T = #tokens;)).ok()?;
    let text = prettyplease::unparse(&file);
    let text = text
        .strip_prefix("type T = ")?
        .trim_end()
        .strip_suffix(';')?;
    Some(text.to_owned())
}

/// A block `{ … }` as prettyplease prints it as a function's body.
fn block_text(tokens: TokenStream) -> Option<String> {
    let file: syn::File = syn::parse2(quote!(fn f() { #tokens })).ok()?;
    let text = prettyplease::unparse(&file);
    Some(text.strip_prefix("fn f() ")?.trim_end().to_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn calls_get_one_argument_per_line_and_their_types_read_as_rust() {
        let text = "pub struct A;\n\nruntime::request_builder! {\n    ListPets, Vec < types::Pet > => runtime::decode_json,\n    ::serde_json::Value => runtime::decode_error_json, pages of types::Pet,\n    next(page) { runtime::link_next(page) }, items(page) { page }\n}\n";
        assert_eq!(
            super::tidy(text),
            "pub struct A;\n\nruntime::request_builder! {\n    ListPets,\n    Vec<types::Pet> => runtime::decode_json,\n    ::serde_json::Value => runtime::decode_error_json,\n    pages of types::Pet,\n    next(page) {\n        runtime::link_next(page)\n    },\n    items(page) {\n        page\n    },\n}\n"
        );
        let streams = "runtime::request_builder! {\n    streams Export, runtime::JsonLines < types::Item >, () =>\n    runtime::decode_error_empty\n}\n";
        assert_eq!(
            super::tidy(streams),
            "runtime::request_builder! {\n    streams Export,\n    runtime::JsonLines<types::Item>,\n    () => runtime::decode_error_empty,\n}\n"
        );
    }
}
