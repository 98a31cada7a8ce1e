//! Parameters on the wire: path segments, query pairs, header and cookie text, in each style.

use super::error::InvalidRequest;

/// Appends one percent-encoded path segment. Empty, `.` and `..` are refused: they would change
/// which path the server sees. Everything but unreserved characters is encoded, `%` included, so
/// no encoded form of a dot segment can get through.
#[doc(hidden)]
pub fn push_path_param(
    path: &mut String,
    name: &'static str,
    value: &str,
) -> Result<(), InvalidRequest> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(InvalidRequest {
            parameter: name,
            reason: "a path parameter cannot be empty, `.` or `..`",
        });
    }
    encode_segment(path, value);
    Ok(())
}

/// A path from its template's literal pieces and, between them, each parameter's name and text
/// (encoded as [`push_path_param`] does): `literals` has one piece more than `params`.
#[doc(hidden)]
pub fn fill_path(
    literals: &[&str],
    params: &[(&'static str, &str)],
) -> Result<String, InvalidRequest> {
    let capacity = literals
        .iter()
        .chain(params.iter().map(|(_, text)| text))
        .map(|piece| piece.len())
        .sum();
    let mut path = String::with_capacity(capacity);
    for (i, literal) in literals.iter().enumerate() {
        path.push_str(literal);
        if let Some((name, text)) = params.get(i) {
            push_path_param(&mut path, name, text)?;
        }
    }
    Ok(path)
}

/// Appends `text` percent-encoded for a path segment: all but unreserved bytes, `%` included.
fn encode_segment(out: &mut String, text: &str) {
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

/// The text of a scalar in a parameter; `None` for arrays and objects.
fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Null => Some(String::new()),
        serde_json::Value::Bool(_) | serde_json::Value::Number(_) => Some(value.to_string()),
        serde_json::Value::Array(_) | serde_json::Value::Object(_) => None,
    }
}

/// A value inside a parameter's list or object: a scalar's text, else its JSON.
fn item_text(value: &serde_json::Value) -> String {
    scalar_text(value).unwrap_or_else(|| value.to_string())
}

fn structured_value<T: serde::Serialize>(
    name: &'static str,
    value: &T,
) -> Result<serde_json::Value, InvalidRequest> {
    serde_json::to_value(value).map_err(|_| InvalidRequest {
        parameter: name,
        reason: "the value cannot be serialised",
    })
}

/// A request's query, header or cookie pairs.
type Pairs = Vec<(std::borrow::Cow<'static, str>, String)>;

/// Appends `name=value` when the parameter is set, the value as its `Display` text.
#[doc(hidden)]
pub fn push_text<T: std::fmt::Display + ?Sized>(
    to: &mut Pairs,
    name: &'static str,
    value: Option<&T>,
) {
    if let Some(value) = value {
        to.push((name.into(), value.to_string()));
    }
}

/// Appends a list parameter when it is set: one pair with the items joined by `delimiter`, or
/// (`explode`) a pair per item.
#[doc(hidden)]
pub fn push_list<'v, T: std::fmt::Display + 'v>(
    to: &mut Pairs,
    name: &'static str,
    items: Option<impl IntoIterator<Item = &'v T>>,
    delimiter: &str,
    explode: bool,
) {
    let Some(items) = items else {
        return;
    };
    let texts = items.into_iter().map(ToString::to_string);
    match explode {
        true => to.extend(texts.map(|text| (name.into(), text))),
        false => to.push((name.into(), texts.collect::<Vec<_>>().join(delimiter))),
    }
}

/// Appends a query parameter that is an object, map or list: `deepObject` gives `name[key]=value`;
/// `form` gives `key=value` per property when exploded, else `name=key,value,…`; lists repeat
/// the name when exploded, else join with commas.
#[doc(hidden)]
pub fn push_structured_query<T: serde::Serialize>(
    query: &mut Vec<(std::borrow::Cow<'static, str>, String)>,
    name: &'static str,
    value: &T,
    explode: bool,
    deep_object: bool,
) -> Result<(), InvalidRequest> {
    use std::borrow::Cow;
    match structured_value(name, value)? {
        serde_json::Value::Object(object) if deep_object => {
            for (key, value) in object {
                query.push((Cow::Owned(format!("{name}[{key}]")), item_text(&value)));
            }
        }
        serde_json::Value::Object(object) if explode => {
            for (key, value) in object {
                query.push((Cow::Owned(key), item_text(&value)));
            }
        }
        serde_json::Value::Object(object) => {
            let joined: Vec<String> = object
                .iter()
                .flat_map(|(k, v)| [k.clone(), item_text(v)])
                .collect();
            query.push((Cow::Borrowed(name), joined.join(",")));
        }
        serde_json::Value::Array(items) if explode => {
            for item in items {
                query.push((Cow::Borrowed(name), item_text(&item)));
            }
        }
        serde_json::Value::Array(items) => {
            let joined: Vec<String> = items.iter().map(item_text).collect();
            query.push((Cow::Borrowed(name), joined.join(",")));
        }
        scalar => query.push((Cow::Borrowed(name), item_text(&scalar))),
    }
    Ok(())
}

/// A header or cookie value that is an object, map or list, in the `simple`/`form` style:
/// `a,b,c`; objects as `key,value,…`, or `key=value,…` when exploded.
#[doc(hidden)]
pub fn structured_text<T: serde::Serialize>(
    name: &'static str,
    value: &T,
    explode: bool,
) -> Result<String, InvalidRequest> {
    Ok(match structured_value(name, value)? {
        serde_json::Value::Object(object) if explode => object
            .iter()
            .map(|(k, v)| format!("{k}={}", item_text(v)))
            .collect::<Vec<_>>()
            .join(","),
        serde_json::Value::Object(object) => object
            .iter()
            .flat_map(|(k, v)| [k.clone(), item_text(v)])
            .collect::<Vec<_>>()
            .join(","),
        serde_json::Value::Array(items) => {
            items.iter().map(item_text).collect::<Vec<_>>().join(",")
        }
        scalar => item_text(&scalar),
    })
}

/// How a path parameter is written (OpenAPI `style`).
#[derive(Clone, Copy, PartialEq, Eq)]
#[doc(hidden)]
pub enum PathStyle {
    /// `a,b`
    Simple,
    /// `.a,b` (or `.a.b` exploded)
    Label,
    /// `;name=a,b` (or `;name=a;name=b` exploded)
    Matrix,
}

/// Appends a path parameter that is a list, an object, or has the label or matrix style. Every
/// value is percent-encoded like [`push_path_param`]; only the style's separators stay literal.
#[doc(hidden)]
pub fn push_styled_path_param<T: serde::Serialize>(
    path: &mut String,
    name: &'static str,
    value: &T,
    style: PathStyle,
    explode: bool,
) -> Result<(), InvalidRequest> {
    let encode = |text: &str| {
        let mut out = String::new();
        encode_segment(&mut out, text);
        out
    };
    // (key, value) pairs for objects, (None, value) for lists and scalars.
    let items: Vec<(Option<String>, String)> = match structured_value(name, value)? {
        serde_json::Value::Object(object) => object
            .iter()
            .map(|(k, v)| (Some(encode(k)), encode(&item_text(v))))
            .collect(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|v| (None, encode(&item_text(v))))
            .collect(),
        scalar => vec![(None, encode(&item_text(&scalar)))],
    };
    let joined = |pair_sep: &str, sep: &str| {
        items
            .iter()
            .map(|(k, v)| match k {
                Some(k) => format!("{k}{pair_sep}{v}"),
                None => v.clone(),
            })
            .collect::<Vec<_>>()
            .join(sep)
    };
    let is_object = items.first().is_some_and(|(k, _)| k.is_some());
    let segment = match (style, explode) {
        (PathStyle::Simple, true) => joined("=", ","),
        (PathStyle::Simple, false) => joined(",", ","),
        (PathStyle::Label, true) => format!(".{}", joined("=", ".")),
        (PathStyle::Label, false) => format!(".{}", joined(",", ",")),
        (PathStyle::Matrix, true) if is_object => format!(";{}", joined("=", ";")),
        (PathStyle::Matrix, true) => items.iter().map(|(_, v)| format!(";{name}={v}")).collect(),
        (PathStyle::Matrix, false) => format!(";{name}={}", joined(",", ",")),
    };
    if segment.is_empty() || segment == "." || segment == ".." {
        return Err(InvalidRequest {
            parameter: name,
            reason: "a path parameter cannot be empty, `.` or `..`",
        });
    }
    path.push_str(&segment);
    Ok(())
}

/// A parameter described by a media type (`content: application/json`): its value as JSON text.
#[doc(hidden)]
pub fn json_text<T: serde::Serialize>(
    name: &'static str,
    value: &T,
) -> Result<String, InvalidRequest> {
    serde_json::to_string(value).map_err(|_| InvalidRequest {
        parameter: name,
        reason: "the value cannot be serialised as JSON",
    })
}
