//! What generated types call: open enums (unknown values kept), tagged unions, `null` as
//! an empty list or map, related resources decoded on demand.

use std::fmt;

/// Decodes a string into an open enum: unknown values are kept, never an error.
#[doc(hidden)]
pub fn deserialize_open_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct StrVisitor<T>(std::marker::PhantomData<T>);
    impl<T: for<'a> From<&'a str>> serde::de::Visitor<'_> for StrVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
    }
    deserializer.deserialize_str(StrVisitor(std::marker::PhantomData))
}

/// Encodes a member of a tagged union with its tag: the member's own encoding, plus the tag
/// property when the member's type does not carry it.
#[doc(hidden)]
pub fn serialize_tagged<S: serde::Serializer, T: serde::Serialize>(
    serializer: S,
    property: &str,
    tag: &str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let mut value = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    if let serde_json::Value::Object(object) = &mut value {
        object
            .entry(property.to_owned())
            .or_insert_with(|| serde_json::Value::from(tag));
    }
    serde::Serialize::serialize(&value, serializer)
}

/// Decodes `null` as the type's default (an empty list or map), like a missing field.
#[doc(hidden)]
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de> + Default,
{
    let value: Option<T> = serde::Deserialize::deserialize(deserializer)?;
    Ok(value.unwrap_or_default())
}

/// Writes what every open enum shares, given its `as_str` and `From<&str>`: `FromStr`,
/// `Display`; serde as the wire string comes from `open_enum_serialize!` and
/// `open_enum_deserialize!` (decoding never fails: unknown values are kept).
/// A generated `types` module invokes it as `super::runtime::open_enum_impls!(Name)`.
#[allow(
    unused_macros,
    reason = "only generated `types` modules invoke it, and a spec may have no enums"
)]
macro_rules! open_enum_impls {
    ($name:ident) => {
        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            // Not `Self::Err`: an enum may have a variant of that name.
            fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// `Serialize` for an open enum: its wire string.
#[allow(unused_macros, reason = "only generated `types` modules invoke it")]
macro_rules! open_enum_serialize {
    ($name:ident) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}

/// `Deserialize` for an open enum: any string, unknown ones kept.
#[allow(unused_macros, reason = "only generated `types` modules invoke it")]
macro_rules! open_enum_deserialize {
    ($name:ident) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                super::runtime::deserialize_open_enum(deserializer)
            }
        }
    };
}

#[allow(
    unused_imports,
    reason = "only generated `types` modules invoke them, and a spec may have no enums"
)]
pub(crate) use {open_enum_deserialize, open_enum_impls, open_enum_serialize};

/// Related resources that the server includes only when asked (an OData navigation property,
/// which Microsoft Graph's `$expand` fills): kept as the JSON sent and decoded on demand, so
/// a type compiles without every type it links to. A response struct reads each such field
/// typed with the method of the field's name, compiled where the related type is.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Related(serde_json::Value);

impl Related {
    /// The JSON decoded into `T`, the related type (or any type that fits).
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(&self.0)
    }

    /// The related resources `value` as JSON, to send in a request.
    pub fn encode<T: serde::Serialize>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::to_value(value).map(Self)
    }

    /// The JSON as the server sent it.
    pub fn json(&self) -> &serde_json::Value {
        &self.0
    }
}

impl From<serde_json::Value> for Related {
    fn from(value: serde_json::Value) -> Self {
        Self(value)
    }
}
