//! Turning spec names into valid, distinct Rust identifiers.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use heck::ToShoutySnakeCase;
use proc_macro2::{Ident, Span};

/// Keywords that can be written as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; names equal to them get a suffix.
const PLAIN_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Splits on anything that is not an ASCII letter or digit, so heck sees clean words.
fn ascii_words(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// The words of `text` (ASCII letters and digits, words apart by anything else) as heck splits
/// them: at a lowercase letter followed by an uppercase one (`petId` → `pet`, `Id`), and before
/// the last capital of a run followed by a lowercase letter (`HTTPServer` → `HTTP`, `Server`).
/// Digits take the case of what precedes them. heck does this per `char` through `fmt`; names
/// are converted tens of thousands of times on large specs, so the ASCII case is done here
/// (tests check it against heck).
fn heck_words(text: &str) -> impl Iterator<Item = &str> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Boundary,
        Lower,
        Upper,
    }
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .flat_map(|word| {
            let bytes = word.as_bytes();
            let mut found = Vec::new();
            let (mut start, mut mode) = (0, Mode::Boundary);
            for (i, pair) in bytes.windows(2).enumerate() {
                let (c, next) = (pair[0], pair[1]);
                let next_mode = match c {
                    b'a'..=b'z' => Mode::Lower,
                    b'A'..=b'Z' => Mode::Upper,
                    _ => mode,
                };
                if next_mode == Mode::Lower && next.is_ascii_uppercase() {
                    found.push(&word[start..=i]);
                    (start, mode) = (i + 1, Mode::Boundary);
                } else if mode == Mode::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase()
                {
                    found.push(&word[start..i]);
                    (start, mode) = (i, Mode::Boundary);
                } else {
                    mode = next_mode;
                }
            }
            if !word.is_empty() {
                found.push(&word[start..]);
            }
            found
        })
}

/// `lower_snake_case` of ASCII words, as heck's `to_snake_case` writes it.
fn snake_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    for word in heck_words(text) {
        if !out.is_empty() {
            out.push('_');
        }
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    out
}

/// `UpperCamelCase` of ASCII words, as heck's `to_upper_camel_case` writes it.
fn upper_camel_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in heck_words(text) {
        let mut chars = word.chars();
        out.extend(chars.next().map(|c| c.to_ascii_uppercase()));
        out.extend(chars.map(|c| c.to_ascii_lowercase()));
    }
    out
}

/// `f(raw)`, remembered per thread in `cache`: the same property and parameter names recur
/// across a spec, and each conversion splits, cases and allocates.
fn remembered(
    cache: &'static std::thread::LocalKey<RefCell<HashMap<String, String>>>,
    raw: &str,
    f: fn(&str) -> String,
) -> String {
    if let Some(name) = cache.with(|cache| cache.borrow().get(raw).cloned()) {
        return name;
    }
    let name = f(raw);
    cache.with(|cache| cache.borrow_mut().insert(raw.to_owned(), name.clone()));
    name
}

thread_local! {
    static SNAKE: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    static CAMEL: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

/// `lower_snake_case`, for fields, parameters and methods.
pub fn snake(raw: &str) -> String {
    remembered(&SNAKE, raw, convert_snake)
}

fn convert_snake(raw: &str) -> String {
    let name = snake_case(&ascii_words(raw));
    let name = if name.is_empty() {
        "value".to_owned()
    } else {
        name
    };
    // Only digits (`9`, `2_0`) would read as a placeholder (`_9`): a letter leads instead.
    if name.chars().all(|c| c.is_ascii_digit() || c == '_') {
        return format!("n{name}");
    }
    fix_start(name, "_")
}

/// `UpperCamelCase`, for types and enum variants.
pub fn camel(raw: &str) -> String {
    remembered(&CAMEL, raw, convert_camel)
}

fn convert_camel(raw: &str) -> String {
    let name = upper_camel_case(&ascii_words(raw));
    let name = if name.is_empty() {
        "Value".to_owned()
    } else {
        name
    };
    let name = fix_start(name, "V");
    if name == "Self" {
        "SelfValue".to_owned()
    } else {
        name
    }
}

/// `SHOUTY_SNAKE_CASE`, for constants.
pub fn shouty(raw: &str) -> String {
    let name = ascii_words(raw).to_shouty_snake_case();
    let name = if name.is_empty() {
        "VALUE".to_owned()
    } else {
        name
    };
    fix_start(name, "_")
}

fn fix_start(name: String, prefix: &str) -> String {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{name}")
    } else {
        name
    }
}

/// Whether `name` is a Rust keyword (strict or reserved).
pub fn is_keyword(name: &str) -> bool {
    RAW_KEYWORDS.contains(&name) || PLAIN_KEYWORDS.contains(&name)
}

/// An identifier for `name`, raw when it is a keyword. `name` must come from this module.
pub fn ident(name: &str) -> Ident {
    if RAW_KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// Names the generated code itself uses where spec names also go, read from the real emitted
/// items (`emit::reserved_names`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReservedNames {
    /// Methods of `Client`: the runtime's, the generated constructors', the derived traits'.
    pub client_methods: Vec<String>,
    /// Fields and methods of every request builder.
    pub builder_members: Vec<String>,
    /// Methods of `ClientBuilder` (the runtime's), which credential setters must leave alone.
    pub client_builder_methods: Vec<String>,
}

/// A set of names in one Rust namespace; `claim` hands out distinct ones.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    used: BTreeSet<String>,
}

impl Namespace {
    /// A namespace where `reserved` are already taken (names the generated code itself uses).
    pub fn with_reserved<S: AsRef<str>>(reserved: &[S]) -> Self {
        Namespace {
            used: reserved.iter().map(|s| s.as_ref().to_owned()).collect(),
        }
    }

    /// `base`, or `base` with the smallest numeric suffix that is still free.
    pub fn claim(&mut self, base: &str) -> String {
        let base = if PLAIN_KEYWORDS.contains(&base) {
            format!("{base}_")
        } else {
            base.to_owned()
        };
        let separator = if base.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let mut candidate = base.clone();
        let mut n = 2;
        while self.used.contains(&candidate) {
            candidate = format!("{base}{separator}{n}");
            n += 1;
        }
        self.used.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_valid_identifiers() {
        assert_eq!(snake("fooBar"), "foo_bar");
        assert_eq!(snake("2fa-code"), "_2fa_code");
        assert_eq!(snake("9"), "n9");
        assert_eq!(snake("2.0"), "n2_0");
        assert_eq!(snake("$ref"), "ref");
        assert_eq!(snake("日本"), "value");
        assert_eq!(camel("not_found|order"), "NotFoundOrder");
        assert_eq!(camel("1"), "V1");
        assert_eq!(camel("Self"), "SelfValue");
        assert_eq!(shouty("EU region"), "EU_REGION");
        assert_eq!(ident("type").to_string(), "r#type");
    }

    /// The ASCII conversions write what heck writes: every string of up to five characters
    /// over letters of both cases, digits and separators, and some real names.
    #[test]
    fn ascii_conversions_match_heck() {
        use heck::{ToSnakeCase, ToUpperCamelCase};
        let alphabet = ['a', 'b', 'A', 'B', '0', '1', ' ', '_'];
        let mut texts: Vec<String> = vec![String::new()];
        let mut last = texts.clone();
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|text| alphabet.iter().map(move |c| format!("{text}{c}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        texts.extend(
            [
                "HTTPServer",
                "getHTTPResponseCode",
                "x-ms-pageable",
                "v2Beta3",
                "OAuth2Client",
                "ABCdefGHI",
                "user-id",
                "iOS17App",
                "__proto__",
                "A1B2c3D4",
            ]
            .map(String::from),
        );
        for text in &texts {
            assert_eq!(snake_case(text), text.to_snake_case(), "{text:?}");
            assert_eq!(
                upper_camel_case(text),
                text.to_upper_camel_case(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn claims_are_distinct() {
        let mut ns = Namespace::with_reserved(&["send"]);
        assert_eq!(ns.claim("send"), "send2");
        assert_eq!(ns.claim("self"), "self_");
        assert_eq!(ns.claim("v1"), "v1");
        assert_eq!(ns.claim("v1"), "v1_2");
        assert_eq!(ns.claim("Active"), "Active");
        assert_eq!(ns.claim("Active"), "Active2");
    }
}
