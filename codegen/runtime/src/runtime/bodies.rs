//! Request bodies: JSON, URL-encoded forms and multipart.

use super::error::InvalidRequest;
use super::retry::jitter;

/// Serialises a JSON request body.
#[doc(hidden)]
pub fn json_body<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, InvalidRequest> {
    serde_json::to_vec(value).map_err(|_| InvalidRequest {
        parameter: "body",
        reason: "the body cannot be serialised as JSON",
    })
}

/// One value of a form field: text, or the bytes of a file.
enum FormValue<'a> {
    Text(String),
    File {
        bytes: &'a [u8],
        file_name: &'a str,
        content_type: &'a str,
    },
}

/// How a form field is written when its Encoding Object gives a style (OpenAPI `style`,
/// `explode`); fields without one are written the default way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[doc(hidden)]
pub enum FieldStyle {
    /// Lists repeat the name and objects give one field per property when exploded; else
    /// both are joined with commas (`a,b`, `key,value`).
    Form { explode: bool },
    /// Lists joined with the delimiter (`spaceDelimited`, `pipeDelimited`).
    Delimited(char),
    /// `name[key]=value` per property.
    DeepObject,
}

/// A form body's property written in a style.
#[derive(Clone, Copy, Debug)]
#[doc(hidden)]
pub struct FieldEncoding {
    pub property: &'static str,
    pub style: FieldStyle,
}

/// A scalar's text in a form field; lists and objects nested in a field are sent as JSON.
fn field_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The fields of a form body, in the order of the encoded object; `files` names the fields sent
/// as files, `styled` those written in a style. By default lists give one field per item,
/// `null` gives none and objects are sent as JSON (an object's default content type).
fn form_fields<T: serde::Serialize>(
    value: &T,
    styled: &[FieldEncoding],
) -> Result<Vec<(String, FormValue<'static>)>, InvalidRequest> {
    let invalid = |reason| InvalidRequest {
        parameter: "body",
        reason,
    };
    let value =
        serde_json::to_value(value).map_err(|_| invalid("the body cannot be serialised"))?;
    let serde_json::Value::Object(object) = value else {
        return Err(invalid("a form body must be an object"));
    };
    let mut fields = Vec::new();
    for (name, value) in object {
        if value.is_null() {
            continue;
        }
        if let Some(encoding) = styled.iter().find(|e| e.property == name) {
            for (field, text) in styled_fields(&name, value, encoding.style) {
                fields.push((field, FormValue::Text(text)));
            }
            continue;
        }
        let items = match value {
            serde_json::Value::Array(items) => items,
            single => vec![single],
        };
        for item in items {
            let value = match item {
                serde_json::Value::Null => continue,
                other => FormValue::Text(field_text(&other)),
            };
            fields.push((name.clone(), value));
        }
    }
    Ok(fields)
}

/// The `(name, text)` fields of one property written in `style`.
fn styled_fields(name: &str, value: serde_json::Value, style: FieldStyle) -> Vec<(String, String)> {
    use serde_json::Value;
    let joined = |parts: Vec<String>, delimiter: char| parts.join(&delimiter.to_string()[..]);
    let pairs = |object: &serde_json::Map<String, Value>| -> Vec<String> {
        object
            .iter()
            .flat_map(|(k, v)| [k.clone(), field_text(v)])
            .collect()
    };
    match (value, style) {
        (Value::Array(items), FieldStyle::Form { explode: true }) => items
            .iter()
            .filter(|item| !item.is_null())
            .map(|item| (name.to_owned(), field_text(item)))
            .collect(),
        (Value::Array(items), FieldStyle::Form { explode: false }) => {
            vec![(
                name.to_owned(),
                joined(items.iter().map(field_text).collect(), ','),
            )]
        }
        (Value::Array(items), FieldStyle::Delimited(delimiter)) => vec![(
            name.to_owned(),
            joined(items.iter().map(field_text).collect(), delimiter),
        )],
        (Value::Object(object), FieldStyle::Form { explode: true }) => object
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k.clone(), field_text(v)))
            .collect(),
        (Value::Object(object), FieldStyle::DeepObject) => object
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (format!("{name}[{k}]"), field_text(v)))
            .collect(),
        (Value::Object(object), FieldStyle::Form { explode: false }) => {
            vec![(name.to_owned(), joined(pairs(&object), ','))]
        }
        (Value::Object(object), FieldStyle::Delimited(delimiter)) => {
            vec![(name.to_owned(), joined(pairs(&object), delimiter))]
        }
        (other, _) => vec![(name.to_owned(), field_text(&other))],
    }
}

/// Encodes `text` for `application/x-www-form-urlencoded` the way HTML forms and RFC 6749
/// (Appendix B) do: unreserved bytes stay, space is `+`.
pub(super) fn form_encode(out: &mut String, text: &[u8]) {
    for &byte in text {
        match byte {
            b' ' => out.push('+'),
            b'*' | b'-' | b'.' | b'_' => out.push(char::from(byte)),
            _ if byte.is_ascii_alphanumeric() => out.push(char::from(byte)),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
}

/// Encodes a request body's field name or value: every byte but RFC 3986's unreserved ones
/// percent-encoded (space as `%20`), so no reserved character (`+`, `*`, `,`, …) appears
/// literally, as the Encoding Object's `allowReserved: false` (the default) asks; every form
/// parser decodes it.
fn form_encode_strict(out: &mut String, text: &[u8]) {
    for &byte in text {
        match byte {
            b'-' | b'.' | b'_' | b'~' => out.push(char::from(byte)),
            _ if byte.is_ascii_alphanumeric() => out.push(char::from(byte)),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
}

/// Serialises an `application/x-www-form-urlencoded` body; `styled` names the fields written
/// in a style.
#[doc(hidden)]
pub fn form_body<T: serde::Serialize>(
    value: &T,
    styled: &[FieldEncoding],
) -> Result<Vec<u8>, InvalidRequest> {
    let mut out = String::new();
    for (name, value) in form_fields(value, styled)? {
        if !out.is_empty() {
            out.push('&');
        }
        form_encode_strict(&mut out, name.as_bytes());
        out.push('=');
        match &value {
            FormValue::Text(text) => form_encode_strict(&mut out, text.as_bytes()),
            FormValue::File { bytes, .. } => form_encode_strict(&mut out, bytes),
        }
    }
    Ok(out.into_bytes())
}

/// A file sent as a part of a `multipart/form-data` body: its bytes, and the file name and
/// content type the part declares (by default the property's name, and the spec's encoding or
/// `application/octet-stream`). `Debug` shows its size, not its bytes.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FilePart {
    bytes: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A file of these bytes (any bytes: they are sent as they are).
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// The file name the part declares (`filename=` of its `Content-Disposition`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The part's `Content-Type` (`image/png`, say).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl std::fmt::Debug for FilePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilePart")
            .field("bytes", &self.bytes.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// The file parts a body field holds: one, none or several.
#[doc(hidden)]
pub trait FileParts {
    fn parts(&self) -> Vec<&FilePart>;
}

impl FileParts for FilePart {
    fn parts(&self) -> Vec<&FilePart> {
        vec![self]
    }
}

impl<T: FileParts> FileParts for Option<T> {
    fn parts(&self) -> Vec<&FilePart> {
        self.iter().flat_map(FileParts::parts).collect()
    }
}

impl<T: FileParts> FileParts for Vec<T> {
    fn parts(&self) -> Vec<&FilePart> {
        self.iter().flat_map(FileParts::parts).collect()
    }
}

/// The file parts of a body field.
#[doc(hidden)]
pub fn file_parts(field: &impl FileParts) -> Vec<&FilePart> {
    field.parts()
}

/// One multipart file field: the part's name, the content type the spec's encoding gives, and
/// its files.
type FileField<'a> = (&'a str, Option<&'a str>, Vec<&'a FilePart>);

/// Serialises a `multipart/form-data` body (its fields, then its files); returns its content
/// type (with the boundary) and bytes.
#[doc(hidden)]
pub fn multipart_body<T: serde::Serialize>(
    value: &T,
    files: &[FileField<'_>],
    styled: &[FieldEncoding],
) -> Result<(std::borrow::Cow<'static, str>, Vec<u8>), InvalidRequest> {
    let mut fields: Vec<(String, FormValue<'_>)> = form_fields(value, styled)?;
    for (name, content_type, parts) in files {
        for part in parts {
            fields.push((
                (*name).to_owned(),
                FormValue::File {
                    bytes: &part.bytes,
                    file_name: part.file_name.as_deref().unwrap_or(name),
                    content_type: part
                        .content_type
                        .as_deref()
                        .or(*content_type)
                        .unwrap_or("application/octet-stream"),
                },
            ));
        }
    }
    let boundary = loop {
        let candidate = format!(
            "----client-boundary-{:016x}",
            (jitter() * (u64::MAX as f64)) as u64
        );
        let clash = fields.iter().any(|(_, v)| match v {
            FormValue::Text(text) => text.contains(&candidate),
            FormValue::File { bytes, .. } => bytes
                .windows(candidate.len())
                .any(|w| w == candidate.as_bytes()),
        });
        if !clash {
            break candidate;
        }
    };
    // Quotes and line breaks cannot appear in a quoted header parameter.
    let quoted = |name: &str| {
        name.replace('"', "%22")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let mut out = Vec::new();
    for (name, value) in &fields {
        out.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"",
                quoted(name)
            )
            .as_bytes(),
        );
        match value {
            FormValue::Text(text) => {
                out.extend_from_slice(b"\r\n\r\n");
                out.extend_from_slice(text.as_bytes());
            }
            FormValue::File {
                bytes,
                file_name,
                content_type,
            } => {
                let content_type = content_type.replace(['\r', '\n'], " ");
                out.extend_from_slice(
                    format!(
                        "; filename=\"{}\"\r\nContent-Type: {content_type}\r\n\r\n",
                        quoted(file_name)
                    )
                    .as_bytes(),
                );
                out.extend_from_slice(bytes);
            }
        }
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Ok((
        std::borrow::Cow::Owned(format!("multipart/form-data; boundary={boundary}")),
        out,
    ))
}

/// A request body of raw bytes (`application/octet-stream`, images, …): bytes in memory, or a
/// stream of chunks sent as they come (large uploads without buffering). A streamed body can be
/// sent once, so a call with one is never retried.
#[derive(Clone)]
pub struct Payload(PayloadKind);

#[derive(Clone)]
enum PayloadKind {
    Bytes(Vec<u8>),
    Stream(std::sync::Arc<std::sync::Mutex<Option<reqwest::Body>>>),
}

impl Payload {
    /// A body sent as `stream` yields it (`futures_util::stream`, a file's
    /// `tokio_util::io::ReaderStream`, …); the call is not retried.
    pub fn stream<S, E>(stream: S) -> Self
    where
        S: futures_util::Stream<Item = Result<bytes::Bytes, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        let body = reqwest::Body::wrap_stream(stream);
        Payload(PayloadKind::Stream(std::sync::Arc::new(
            std::sync::Mutex::new(Some(body)),
        )))
    }

    /// Whether the body is a stream (sent once, never retried).
    pub fn is_stream(&self) -> bool {
        matches!(self.0, PayloadKind::Stream(_))
    }

    /// The body for one attempt: the bytes again, or the stream the first time.
    pub(super) fn for_attempt(&self) -> Option<reqwest::Body> {
        match &self.0 {
            PayloadKind::Bytes(bytes) => Some(reqwest::Body::from(bytes.clone())),
            PayloadKind::Stream(stream) => stream.lock().ok().and_then(|mut s| s.take()),
        }
    }
}

impl From<Vec<u8>> for Payload {
    fn from(bytes: Vec<u8>) -> Self {
        Payload(PayloadKind::Bytes(bytes))
    }
}

impl From<&[u8]> for Payload {
    fn from(bytes: &[u8]) -> Self {
        Payload(PayloadKind::Bytes(bytes.to_vec()))
    }
}

impl<const N: usize> From<[u8; N]> for Payload {
    fn from(bytes: [u8; N]) -> Self {
        Payload(PayloadKind::Bytes(bytes.to_vec()))
    }
}

impl From<bytes::Bytes> for Payload {
    fn from(bytes: bytes::Bytes) -> Self {
        Payload(PayloadKind::Bytes(bytes.to_vec()))
    }
}

impl From<String> for Payload {
    fn from(text: String) -> Self {
        Payload(PayloadKind::Bytes(text.into_bytes()))
    }
}

impl std::fmt::Debug for Payload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            PayloadKind::Bytes(bytes) => write!(f, "Payload({} bytes)", bytes.len()),
            PayloadKind::Stream(_) => f.write_str("Payload(stream)"),
        }
    }
}

impl PartialEq for Payload {
    /// Bytes compare by content; a stream equals only itself.
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (PayloadKind::Bytes(a), PayloadKind::Bytes(b)) => a == b,
            (PayloadKind::Stream(a), PayloadKind::Stream(b)) => std::sync::Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}
