//! The Rust types a user chooses instead of the generator's: one per string `format`
//! (`uuid` → `uuid::Uuid`, `decimal` → `rust_decimal::Decimal`, `date-time` → `String`), and
//! existing types in place of whole component schemas (`Money` → `my_types::Money`, the schema then
//! not generated). The crates they come from are added to the generated `Cargo.toml` when a type
//! of theirs is used: well-known ones with the features their serde support needs, others from
//! the dependencies the user gives.

use std::collections::BTreeMap;

use crate::error::Error;

/// Format and schema → Rust type choices, and the dependencies they need.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TypeMappings {
    /// A string `format` → the Rust type its values get. The type must (de)serialize as that
    /// string and implement `Display` (parameters are written with it).
    pub formats: BTreeMap<String, String>,
    /// A component schema's name (as in `components/schemas`) → the Rust type used instead; it
    /// must (de)serialize as the schema says.
    pub replacements: BTreeMap<String, String>,
    /// Cargo dependencies by crate name (as `Cargo.toml` writes them), for crates the
    /// generator does not know.
    pub dependencies: BTreeMap<String, toml::Value>,
}

/// Crates the generated crate always depends on: types from them need nothing added.
const ALWAYS: [&str; 4] = ["std", "serde_json", "chrono", "crate"];

/// Crates whose serde support the generator knows: the dependency it writes for each.
const KNOWN: [(&str, &str); 4] = [
    ("uuid", r#"{ version = "1", features = ["serde"] }"#),
    (
        "rust_decimal",
        r#"{ version = "1", default-features = false, features = ["serde", "std"] }"#,
    ),
    ("url", r#"{ version = "2", features = ["serde"] }"#),
    ("bigdecimal", r#"{ version = "0.4", features = ["serde"] }"#),
];

impl TypeMappings {
    pub fn is_empty(&self) -> bool {
        self.formats.is_empty() && self.replacements.is_empty() && self.dependencies.is_empty()
    }

    /// Checks that every type is a Rust type and that the crate of each has a dependency.
    pub fn check(&self) -> Result<(), Error> {
        let entries = self
            .formats
            .iter()
            .map(|(format, ty)| (format!("format `{format}`"), ty))
            .chain(
                self.replacements
                    .iter()
                    .map(|(schema, ty)| (format!("schema `{schema}`"), ty)),
            );
        for (what, ty) in entries {
            let invalid = |message: String| Error::InvalidOptions {
                message: format!("{what}: {message}"),
            };
            let _: syn::Type = syn::parse_str(ty)
                .map_err(|e| invalid(format!("`{ty}` is not a Rust type: {e}")))?;
            if let Some(krate) = crate_of(ty)
                && krate != "String"
                && self.dependency(&krate).is_none()
                && !ALWAYS.contains(&krate.as_str())
            {
                return Err(invalid(format!(
                    "`{ty}` comes from the crate `{krate}`, which has no dependency: add one \
                     (`[dependencies] {krate} = …` in the config, or `--dependency {krate}=…`)"
                )));
            }
        }
        Ok(())
    }

    /// The `Cargo.toml` dependency of `krate`: the user's, else the generator's own for a crate
    /// it knows.
    pub fn dependency(&self, krate: &str) -> Option<toml::Value> {
        if let Some(given) = self.dependencies.get(krate) {
            return Some(given.clone());
        }
        let (_, text) = KNOWN.iter().find(|(name, _)| *name == krate)?;
        let table: toml::Table = toml::from_str(&format!("d = {text}")).ok()?;
        table.get("d").cloned()
    }
}

/// The crate a type path starts with (`uuid::Uuid` → `uuid`), when it has a path.
pub(crate) fn crate_of(ty: &str) -> Option<String> {
    let ty = ty.trim().trim_start_matches("::");
    let first = ty.split("::").next()?.trim();
    let first = first.split('<').next()?.trim();
    (!first.is_empty() && ty.contains("::")).then(|| first.to_owned())
}

#[cfg(test)]
mod tests {
    use super::TypeMappings;

    #[test]
    fn types_are_checked_and_known_crates_need_no_dependency() {
        let mut mappings = TypeMappings::default();
        mappings.formats.insert("uuid".into(), "uuid::Uuid".into());
        mappings.formats.insert("date-time".into(), "String".into());
        assert!(mappings.check().is_ok());
        assert!(mappings.dependency("uuid").is_some());
        mappings
            .replacements
            .insert("Money".into(), "money::Money".into());
        let error = mappings.check().expect_err("no dependency");
        assert!(
            error
                .to_string()
                .starts_with("schema `Money`: `money::Money` comes from the crate `money`"),
            "{error}"
        );
        mappings
            .replacements
            .insert("Money".into(), "not a type!".into());
        assert!(mappings.check().is_err());
    }
}
