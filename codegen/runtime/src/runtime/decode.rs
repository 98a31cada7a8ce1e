//! Response bodies into the declared types, with the path of a mismatch.

/// Why a body could not be decoded into the declared type: what did not match, and where.
#[doc(hidden)]
pub struct DecodeFailure {
    /// What did not match.
    pub message: String,
    /// Where, as a path into the body (`items[1].id`), when known.
    pub path: Option<String>,
}

impl<E: std::error::Error> From<E> for DecodeFailure {
    fn from(e: E) -> Self {
        DecodeFailure {
            message: e.to_string(),
            path: None,
        }
    }
}

/// Decodes JSON. Only when that fails is the body decoded again, tracking the path of the
/// field that did not match (e.g. `certificates[2].date_created`), so success costs nothing extra.
#[doc(hidden)]
pub fn decode_json<T: serde::de::DeserializeOwned>(
    _status: u16,
    body: &[u8],
) -> Result<T, DecodeFailure> {
    serde_json::from_slice(body).map_err(|first: serde_json::Error| {
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
            Err(e) => {
                let path = e.path().to_string();
                let path = (path != ".").then_some(path);
                DecodeFailure {
                    message: e.into_inner().to_string(),
                    path,
                }
            }
            Ok(_) => first.into(),
        }
    })
}

#[doc(hidden)]
pub fn decode_empty(_status: u16, _body: &[u8]) -> Result<(), DecodeFailure> {
    Ok(())
}

#[doc(hidden)]
pub fn decode_text(_status: u16, body: &[u8]) -> Result<String, DecodeFailure> {
    String::from_utf8(body.to_vec()).map_err(Into::into)
}

#[doc(hidden)]
pub fn decode_bytes(_status: u16, body: &[u8]) -> Result<Vec<u8>, DecodeFailure> {
    Ok(body.to_vec())
}

#[doc(hidden)]
pub fn undeclared_status(status: u16) -> DecodeFailure {
    DecodeFailure {
        message: format!("status {status} is not declared for this operation"),
        path: None,
    }
}

#[doc(hidden)]
pub fn decode_error_json<E: serde::de::DeserializeOwned>(_status: u16, body: &[u8]) -> Option<E> {
    serde_json::from_slice(body).ok()
}

#[doc(hidden)]
pub fn decode_error_empty(_status: u16, _body: &[u8]) -> Option<()> {
    Some(())
}

#[doc(hidden)]
pub fn decode_error_text(status: u16, body: &[u8]) -> Option<String> {
    decode_text(status, body).ok()
}

#[doc(hidden)]
pub fn decode_error_bytes(_status: u16, body: &[u8]) -> Option<Vec<u8>> {
    Some(body.to_vec())
}
