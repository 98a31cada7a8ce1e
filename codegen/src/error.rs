//! Generator errors and warnings. Every one names its place in the spec as a JSON pointer.

use std::fmt;

/// A location in the spec document, written as a JSON pointer fragment (`#/paths/~1order/get`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// Parses a local `$ref` (`#/components/schemas/Foo`); `None` for anything else. The
    /// fragment is percent-decoded first, as a URI fragment is (`%7Bid%7D` is `{id}`).
    pub fn from_ref(reference: &str) -> Option<Self> {
        (reference == "#" || reference.starts_with("#/"))
            .then(|| Pointer(percent_decode(reference)))
    }

    /// This pointer with one more segment, escaped as RFC 6901 says (`~` → `~0`, `/` → `~1`).
    pub fn join(&self, segment: impl fmt::Display) -> Self {
        use fmt::Write as _;
        // Written in place: pointers are joined for every node the model visits.
        let mut out = String::with_capacity(self.0.len() + 24);
        out.push_str(&self.0);
        out.push('/');
        let start = out.len();
        let _ = write!(out, "{segment}");
        if out[start..].contains(['~', '/']) {
            let written = out.split_off(start);
            out.push_str(&escape_segment(&written));
        }
        Pointer(out)
    }

    /// A pointer from its text, which must already be an escaped fragment (`#/a/b`).
    pub(crate) fn from_raw(text: String) -> Self {
        Pointer(text)
    }

    /// The unescaped segments after `#`.
    pub fn segments(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .trim_start_matches('#')
            .split('/')
            .skip(1)
            .map(|s| unescape_segment(s).into_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A name as one segment of a JSON pointer, escaped (`~` → `~0`, `/` → `~1`); borrowed when
/// it holds neither.
pub(crate) fn escape_segment(name: &str) -> std::borrow::Cow<'_, str> {
    if !name.contains(['~', '/']) {
        return std::borrow::Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// One segment of a JSON pointer unescaped (`~1` → `/`, `~0` → `~`); borrowed when it holds no `~`.
pub(crate) fn unescape_segment(segment: &str) -> std::borrow::Cow<'_, str> {
    if !segment.contains('~') {
        return std::borrow::Cow::Borrowed(segment);
    }
    let mut out = String::with_capacity(segment.len());
    let mut chars = segment.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('~', Some('1')) => {
                out.push('/');
                chars.next();
            }
            ('~', Some('0')) => {
                out.push('~');
                chars.next();
            }
            (c, _) => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The node at `pointer` (RFC 6901, without the leading `#`) in `tree`, as
/// `serde_json::Value::pointer` finds it, without copying segments that hold no escape.
pub(crate) fn node_at<'t>(
    tree: &'t serde_json::Value,
    pointer: &str,
) -> Option<&'t serde_json::Value> {
    if pointer.is_empty() {
        return Some(tree);
    }
    let rest = pointer.strip_prefix('/')?;
    rest.split('/').try_fold(tree, |node, segment| {
        let segment = unescape_segment(segment);
        match node {
            serde_json::Value::Object(map) => map.get(segment.as_ref()),
            serde_json::Value::Array(items) => {
                let leading_zero = segment.len() > 1 && segment.starts_with('0');
                if leading_zero || segment.starts_with('+') {
                    return None;
                }
                items.get(segment.parse::<usize>().ok()?)
            }
            _ => None,
        }
    })
}

/// `text` with each `%XX` escape decoded; unchanged when that would not be UTF-8.
pub(crate) fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// Why a spec could not be turned into a client.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text is neither YAML nor JSON, or not an OpenAPI document.
    #[error("the spec could not be read: {message}")]
    Parse { message: String },
    /// The spec breaks a rule of OpenAPI 3.0 that the generator relies on.
    #[error("{pointer}: {message}")]
    Invalid { pointer: Pointer, message: String },
    /// The spec uses something the generator cannot turn into code.
    #[error("{pointer}: unsupported: {message}")]
    Unsupported { pointer: Pointer, message: String },
    /// A `$ref` that points nowhere, or outside this document.
    #[error("{pointer}: cannot resolve reference `{reference}`")]
    UnresolvedRef { pointer: Pointer, reference: String },
    /// A `$ref` into another document that cannot or may not be followed.
    #[error("{pointer}: cannot follow `{reference}`: {reason}")]
    Reference {
        pointer: Pointer,
        reference: String,
        reason: String,
    },
    /// An overlay action that cannot be applied.
    #[error("{overlay}: actions[{index}]: {message}")]
    Overlay {
        overlay: String,
        index: usize,
        message: String,
    },
    /// The options given to the generator cannot make a crate (e.g. an invalid crate name).
    #[error("{message}")]
    InvalidOptions { message: String },
    /// A generator bug (e.g. emitted tokens that do not parse as Rust, or a panic), reported
    /// rather than crashing the caller.
    #[error("internal error (a generator bug; please report it with the spec): {message}")]
    Internal { message: String },
}

impl Error {
    pub(crate) fn invalid(pointer: &Pointer, message: impl Into<String>) -> Self {
        Error::Invalid {
            pointer: pointer.clone(),
            message: message.into(),
        }
    }

    pub(crate) fn unsupported(pointer: &Pointer, message: impl Into<String>) -> Self {
        Error::Unsupported {
            pointer: pointer.clone(),
            message: message.into(),
        }
    }

    /// The place in the spec the error is about, when it has one.
    pub fn pointer(&self) -> Option<&Pointer> {
        match self {
            Error::Invalid { pointer, .. }
            | Error::Unsupported { pointer, .. }
            | Error::UnresolvedRef { pointer, .. }
            | Error::Reference { pointer, .. } => Some(pointer),
            Error::Parse { .. }
            | Error::Overlay { .. }
            | Error::InvalidOptions { .. }
            | Error::Internal { .. } => None,
        }
    }
}

/// Something in the spec the generator skipped or interpreted; generation still succeeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub pointer: Pointer,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::Pointer;

    /// `node_at` finds what `serde_json`'s `pointer` finds, escapes and array indices included.
    #[test]
    fn nodes_are_found_as_serde_json_finds_them() {
        let tree = serde_json::json!({
            "paths": {"/a/{id}": {"get": {"parameters": [{"name": "x"}, {"name": "y"}]}}},
            "a~b": {"": 1, "~1": 2},
            "list": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
        });
        for pointer in [
            "",
            "/",
            "/paths/~1a~1{id}/get/parameters/1/name",
            "/paths/~1a~1{id}/get/parameters/01",
            "/paths/~1a~1{id}/get/parameters/+1",
            "/paths/~1a~1{id}/get/parameters/2",
            "/a~0b/",
            "/a~0b/~01",
            "/a~0b/~1",
            "/list/10",
            "/list/-1",
            "/list/0",
            "/list/00",
            "nothing",
            "/paths/~2",
        ] {
            assert_eq!(
                super::node_at(&tree, pointer),
                tree.pointer(pointer),
                "{pointer}"
            );
        }
        let segments: Vec<String> = Pointer::from_raw("#/a~1b~0c/~01/d".to_owned())
            .segments()
            .collect();
        assert_eq!(segments, ["a/b~c", "~1", "d"]);
        assert_eq!(Pointer::root().join("a/b~c").as_str(), "#/a~1b~0c");
    }

    #[test]
    fn references_are_percent_decoded() {
        let pointer = Pointer::from_ref("#/paths/~1users~1%7Bid%7D/get").expect("local");
        assert_eq!(
            pointer.segments().collect::<Vec<_>>(),
            ["paths", "/users/{id}", "get"]
        );
        assert_eq!(Pointer::from_ref("#/a%2").expect("local").as_str(), "#/a%2");
        assert_eq!(Pointer::from_ref("other.yaml#/a"), None);
    }
}
