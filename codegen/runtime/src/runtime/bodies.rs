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
enum FormValue {
    Text(String),
    File(Vec<u8>),
}

/// The fields of a form body, in the order of the encoded object; `files` names the fields sent
/// as files. Lists give one field per item; `null` gives none; nested objects are sent as JSON.
fn form_fields<T: serde::Serialize>(
    value: &T,
    files: &[&str],
) -> Result<Vec<(String, FormValue)>, InvalidRequest> {
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
        let file = files.contains(&name.as_str());
        let items = match value {
            serde_json::Value::Array(items) => items,
            single => vec![single],
        };
        for item in items {
            let value = match item {
                serde_json::Value::Null => continue,
                serde_json::Value::String(text) if file => FormValue::File(text.into_bytes()),
                serde_json::Value::String(text) => FormValue::Text(text),
                serde_json::Value::Bool(_) | serde_json::Value::Number(_) => {
                    FormValue::Text(item.to_string())
                }
                nested => FormValue::Text(nested.to_string()),
            };
            fields.push((name.clone(), value));
        }
    }
    Ok(fields)
}

/// Encodes `text` for `application/x-www-form-urlencoded`: unreserved bytes stay, space is `+`.
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

/// Serialises an `application/x-www-form-urlencoded` body.
#[doc(hidden)]
pub fn form_body<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, InvalidRequest> {
    let mut out = String::new();
    for (name, value) in form_fields(value, &[])? {
        if !out.is_empty() {
            out.push('&');
        }
        form_encode(&mut out, name.as_bytes());
        out.push('=');
        match &value {
            FormValue::Text(text) => form_encode(&mut out, text.as_bytes()),
            FormValue::File(bytes) => form_encode(&mut out, bytes),
        }
    }
    Ok(out.into_bytes())
}

/// Serialises a `multipart/form-data` body; returns its content type (with the boundary) and bytes.
#[doc(hidden)]
pub fn multipart_body<T: serde::Serialize>(
    value: &T,
    files: &[&str],
) -> Result<(std::borrow::Cow<'static, str>, Vec<u8>), InvalidRequest> {
    let fields = form_fields(value, files)?;
    let boundary = loop {
        let candidate = format!(
            "----client-boundary-{:016x}",
            (jitter() * (u64::MAX as f64)) as u64
        );
        let clash = fields.iter().any(|(_, v)| match v {
            FormValue::Text(text) => text.contains(&candidate),
            FormValue::File(bytes) => bytes
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
            FormValue::File(bytes) => {
                out.extend_from_slice(
                    format!(
                        "; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                        quoted(name)
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
