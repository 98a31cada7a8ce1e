//! Short spellings: emitters write standard items by their absolute paths
//! (`::std::option::Option::Some`), and a module's tokens are rewritten here to the prelude
//! name (`Some`) wherever no item of that module can shadow it. Only the `types` module holds
//! spec names that could (a schema called `Option`); builders never take a prelude name (the
//! model reserves them, `crate::surface::PRELUDE_NAMES`).

use std::collections::BTreeSet;

use proc_macro2::{Ident, Spacing, TokenStream, TokenTree};

/// `(module, item, variant)` of `::std::<module>::<item>[::<variant>]` → the prelude name.
const SHORT: &[(&str, &str, Option<&str>, &str)] = &[
    ("option", "Option", Some("Some"), "Some"),
    ("option", "Option", Some("None"), "None"),
    ("option", "Option", None, "Option"),
    ("result", "Result", Some("Ok"), "Ok"),
    ("result", "Result", Some("Err"), "Err"),
    ("result", "Result", None, "Result"),
    ("string", "String", None, "String"),
    ("string", "ToString", None, "ToString"),
    ("vec", "Vec", None, "Vec"),
    ("boxed", "Box", None, "Box"),
    ("marker", "Send", None, "Send"),
    ("marker", "Sync", None, "Sync"),
    ("convert", "Into", None, "Into"),
    ("convert", "From", None, "From"),
    ("convert", "AsRef", None, "AsRef"),
    ("future", "Future", None, "Future"),
    ("future", "IntoFuture", None, "IntoFuture"),
    ("cmp", "PartialEq", None, "PartialEq"),
];

/// Standard macros, always in scope (generated modules define none): `::std::panic!` → `panic!`.
const MACROS: &[&str] = &[
    "assert",
    "assert_eq",
    "format",
    "panic",
    "unreachable",
    "vec",
    "write",
];

/// The prelude names the rewrite may write (what a module's names must not shadow).
pub fn prelude_names() -> impl Iterator<Item = &'static str> {
    SHORT.iter().map(|(_, _, _, short)| *short)
}

/// `tokens` with every absolute standard path of [`SHORT`] whose short name is not in
/// `shadowed` written short.
pub fn shorten(tokens: TokenStream, shadowed: &BTreeSet<String>) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        if let Some((consumed, short)) = match_path(&trees[i..], shadowed) {
            // A macro keeps its `!`: only the path before it is replaced.
            let span = trees[i].span();
            out.push(TokenTree::Ident(Ident::new(short, span)));
            i += consumed;
            continue;
        }
        out.push(match &trees[i] {
            TokenTree::Group(group) => {
                let mut new =
                    proc_macro2::Group::new(group.delimiter(), shorten(group.stream(), shadowed));
                new.set_span(group.span());
                TokenTree::Group(new)
            }
            TokenTree::Literal(literal) => {
                TokenTree::Literal(shorten_path_literal(literal, shadowed))
            }
            other => other.clone(),
        });
        i += 1;
    }
    out.into_iter().collect()
}

/// A string literal that is a path (serde's `skip_serializing_if = "::std::option::Option::is_none"`)
/// shortened like code; any other literal as it is.
fn shorten_path_literal(
    literal: &proc_macro2::Literal,
    shadowed: &BTreeSet<String>,
) -> proc_macro2::Literal {
    let text = literal.to_string();
    let Some(path) = text
        .strip_prefix("\"::std::")
        .and_then(|rest| rest.strip_suffix('"'))
        .filter(|rest| {
            rest.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
        })
    else {
        return literal.clone();
    };
    let Ok(tokens) = format!("::std::{path}").parse::<TokenStream>() else {
        return literal.clone();
    };
    let short: String = shorten(tokens, shadowed)
        .to_string()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut new = proc_macro2::Literal::string(&short);
    new.set_span(literal.span());
    new
}

/// The length and short name of a standard path at the start of `trees`.
fn match_path(trees: &[TokenTree], shadowed: &BTreeSet<String>) -> Option<(usize, &'static str)> {
    // `::std::<module>::<item>` is 2 + 1 + 2 + 1 + 2 + 1 tokens; a variant adds 3.
    let ident_at = |i: usize| match trees.get(i) {
        Some(TokenTree::Ident(ident)) => Some(ident.to_string()),
        _ => None,
    };
    let colons_at = |i: usize| {
        matches!(trees.get(i), Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == Spacing::Joint)
            && matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':')
    };
    if !(colons_at(0) && ident_at(2)? == "std" && colons_at(3)) {
        return None;
    }
    let bang = matches!(trees.get(6), Some(TokenTree::Punct(p)) if p.as_char() == '!');
    if bang {
        let name = ident_at(5)?;
        return MACROS.iter().find(|m| **m == name).map(|m| (6, *m));
    }
    if !colons_at(6) {
        return None;
    }
    let (module, item) = (ident_at(5)?, ident_at(8)?);
    let variant = if colons_at(9) { ident_at(11) } else { None };
    SHORT.iter().find_map(|(m, it, v, short)| {
        let fits = *m == module
            && *it == item
            && match v {
                Some(v) => variant.as_deref() == Some(*v),
                None => true,
            };
        (fits && !shadowed.contains(*short)).then_some((if v.is_some() { 12 } else { 9 }, *short))
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use quote::quote;

    use super::shorten;

    #[test]
    fn every_short_name_is_one_the_model_reserves() {
        for name in super::prelude_names() {
            assert!(crate::surface::PRELUDE_NAMES.contains(&name), "{name}");
        }
    }

    #[test]
    fn standard_paths_are_written_short_unless_shadowed() {
        let tokens = quote! {
            #[serde(skip_serializing_if = "::std::option::Option::is_none")]
            fn f(x: ::std::option::Option<::std::string::String>) -> ::std::result::Result<(), ()> {
                let _ = ::std::option::Option::Some(::std::string::String::from("a"));
                ::std::panic!("b");
                let _: ::std::option::Option<u8> = ::std::option::Option::None;
                ::std::result::Result::Ok(())
            }
        };
        assert_eq!(
            shorten(tokens.clone(), &BTreeSet::new()).to_string(),
            quote! {
                #[serde(skip_serializing_if = "Option::is_none")]
                fn f(x: Option<String>) -> Result<(), ()> {
                    let _ = Some(String::from("a"));
                    panic!("b");
                    let _: Option<u8> = None;
                    Ok(())
                }
            }
            .to_string()
        );
        let shadowed: BTreeSet<String> = ["Option".to_owned()].into();
        let text = shorten(tokens, &shadowed).to_string();
        assert!(
            text.contains(":: std :: option :: Option < String >"),
            "{text}"
        );
        assert!(text.contains("Some (String :: from"), "{text}");
    }
}
