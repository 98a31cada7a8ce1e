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

    /// Parses a local `$ref` (`#/components/schemas/Foo`); `None` for anything else.
    pub fn from_ref(reference: &str) -> Option<Self> {
        (reference == "#" || reference.starts_with("#/")).then(|| Pointer(reference.to_owned()))
    }

    /// This pointer with one more segment, escaped as RFC 6901 says (`~` → `~0`, `/` → `~1`).
    pub fn join(&self, segment: impl fmt::Display) -> Self {
        let segment = segment.to_string().replace('~', "~0").replace('/', "~1");
        Pointer(format!("{}/{}", self.0, segment))
    }

    /// The unescaped segments after `#`.
    pub fn segments(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .trim_start_matches('#')
            .split('/')
            .skip(1)
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
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
            | Error::UnresolvedRef { pointer, .. } => Some(pointer),
            Error::Parse { .. } | Error::Internal { .. } => None,
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
