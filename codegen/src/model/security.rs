//! Security: every scheme of `components/securitySchemes` with its builder setter, and each
//! operation's requirement alternatives.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement, SecurityScheme};

use super::builder::Builder;
use super::{
    KeyLocation, OAuthDef, OAuthFlowDef, OAuthFlowKind, SchemeKind, Security, SecuritySchemeDef,
};
use crate::error::Pointer;
use crate::names::{Namespace, snake};

impl Builder<'_> {
    /// Every scheme of `components/securitySchemes`, sorted by name, each with its setter.
    pub(super) fn security_schemes(&mut self) -> Vec<SecuritySchemeDef> {
        let Some(components) = self.doc.api.components.as_ref() else {
            return Vec::new();
        };
        let mut setters = Namespace::with_reserved(&self.reserved.client_builder_methods);
        let mut defs = Vec::new();
        // By name: the order of a map in the spec means nothing.
        let mut schemes: Vec<(String, ReferenceOr<SecurityScheme>)> = components
            .security_schemes
            .iter()
            .map(|(n, s)| (n.clone(), s.clone()))
            .collect();
        schemes.sort_by(|a, b| a.0.cmp(&b.0));
        let requested = self.requested_scopes();
        for (name, scheme) in schemes {
            let at = Pointer::root()
                .join("components")
                .join("securitySchemes")
                .join(&name);
            let scheme = match scheme {
                ReferenceOr::Item(scheme) => scheme,
                ReferenceOr::Reference { reference } => {
                    let target = reference
                        .strip_prefix("#/components/securitySchemes/")
                        .and_then(|target| components.security_schemes.get(target))
                        .and_then(ReferenceOr::as_item);
                    match target {
                        Some(scheme) => scheme.clone(),
                        None => {
                            self.warn(
                                &at,
                                format!("`{reference}` is not a security scheme of this document; requests that need it cannot be authorised"),
                            );
                            continue;
                        }
                    }
                }
            };
            let (kind, description) = scheme_kind(scheme, requested.get(&name));
            defs.push(SecuritySchemeDef {
                setter: setters.claim(&snake(&name)),
                name,
                kind,
                description: description.filter(|d| !d.trim().is_empty()),
            });
        }
        if let Some(serde_json::Value::Object(mutual)) =
            components.extensions.get(MUTUAL_TLS_EXTENSION)
        {
            let mut mutual: Vec<_> = mutual.iter().collect();
            mutual.sort_by(|a, b| a.0.cmp(b.0));
            for (name, scheme) in mutual {
                defs.push(SecuritySchemeDef {
                    setter: setters.claim(&snake(name)),
                    name: name.clone(),
                    kind: SchemeKind::MutualTls,
                    description: scheme
                        .get("description")
                        .and_then(serde_json::Value::as_str)
                        .map(str::to_owned),
                });
            }
        }
        defs
    }

    /// The scopes the requirements (the document's and the operations') name, per scheme.
    fn requested_scopes(&self) -> BTreeMap<String, BTreeSet<String>> {
        let global = self.doc.api.security.iter().flatten();
        let per_operation = self
            .doc
            .api
            .paths
            .paths
            .values()
            .filter_map(ReferenceOr::as_item)
            .flat_map(|item| item.iter())
            .flat_map(|(_, op)| op.security.iter().flatten());
        let mut scopes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for requirement in global.chain(per_operation) {
            for (scheme, names) in requirement {
                scopes
                    .entry(scheme.clone())
                    .or_default()
                    .extend(names.iter().cloned());
            }
        }
        scopes
    }

    /// An operation's requirement alternatives (its own `security`, else the document's); an
    /// alternative naming a scheme the spec does not define can never
    /// be met and is left out, with a warning.
    pub(super) fn security(
        &mut self,
        requirements: &[SecurityRequirement],
        schemes: &[SecuritySchemeDef],
        at: &Pointer,
    ) -> Security {
        let mut alternatives = Vec::new();
        for (i, requirement) in requirements.iter().enumerate() {
            let defined = requirement
                .keys()
                .all(|name| schemes.iter().any(|s| &s.name == name));
            match defined {
                true => {
                    let mut names: Vec<String> = requirement.keys().cloned().collect();
                    names.sort();
                    alternatives.push(names);
                }
                false => {
                    let unknown: Vec<&str> = requirement
                        .keys()
                        .filter(|name| !schemes.iter().any(|s| &s.name == *name))
                        .map(String::as_str)
                        .collect();
                    self.warn(
                        &at.join(i),
                        format!(
                            "this requirement names `{}`, which `components/securitySchemes` does not define; the alternative is left out",
                            unknown.join("`, `")
                        ),
                    );
                }
            }
        }
        Security { alternatives }
    }
}

/// The name under `components` where the upgrade of a 3.1 document keeps its `mutualTLS`
/// schemes (3.0, and so the parsed model, has no such kind).
pub const MUTUAL_TLS_EXTENSION: &str = "x-codegen-mutual-tls";

/// How a scheme is sent, and its description.
fn scheme_kind(
    scheme: SecurityScheme,
    requested: Option<&BTreeSet<String>>,
) -> (SchemeKind, Option<String>) {
    match scheme {
        SecurityScheme::APIKey {
            location,
            name,
            description,
            ..
        } => {
            let location = match location {
                APIKeyLocation::Header => KeyLocation::Header,
                APIKeyLocation::Query => KeyLocation::Query,
                APIKeyLocation::Cookie => KeyLocation::Cookie,
            };
            (SchemeKind::ApiKey { location, name }, description)
        }
        SecurityScheme::HTTP {
            scheme,
            bearer_format,
            description,
            ..
        } => {
            let kind = if scheme.eq_ignore_ascii_case("basic") {
                SchemeKind::Basic
            } else if scheme.eq_ignore_ascii_case("bearer") {
                SchemeKind::Bearer {
                    format: bearer_format,
                }
            } else {
                SchemeKind::Http { scheme }
            };
            (kind, description)
        }
        SecurityScheme::OAuth2 {
            flows, description, ..
        } => {
            let scopes = |s: indexmap::IndexMap<String, String>| s.into_iter().collect();
            let mut defs = Vec::new();
            if let Some(f) = flows.client_credentials {
                defs.push(OAuthFlowDef {
                    kind: OAuthFlowKind::ClientCredentials,
                    authorization_url: None,
                    token_url: Some(f.token_url),
                    refresh_url: f.refresh_url,
                    scopes: scopes(f.scopes),
                });
            }
            if let Some(f) = flows.authorization_code {
                defs.push(OAuthFlowDef {
                    kind: OAuthFlowKind::AuthorizationCode,
                    authorization_url: Some(f.authorization_url),
                    token_url: Some(f.token_url),
                    refresh_url: f.refresh_url,
                    scopes: scopes(f.scopes),
                });
            }
            if let Some(f) = flows.password {
                defs.push(OAuthFlowDef {
                    kind: OAuthFlowKind::Password,
                    authorization_url: None,
                    token_url: Some(f.token_url),
                    refresh_url: f.refresh_url,
                    scopes: scopes(f.scopes),
                });
            }
            if let Some(f) = flows.implicit {
                defs.push(OAuthFlowDef {
                    kind: OAuthFlowKind::Implicit,
                    authorization_url: Some(f.authorization_url),
                    token_url: None,
                    refresh_url: f.refresh_url,
                    scopes: scopes(f.scopes),
                });
            }
            for flow in &mut defs {
                flow.token_url = flow.token_url.take().filter(|u| !u.trim().is_empty());
            }
            let def = OAuthDef {
                flows: defs,
                requested_scopes: requested.into_iter().flatten().cloned().collect(),
            };
            (SchemeKind::OAuth2(def), description)
        }
        SecurityScheme::OpenIDConnect {
            open_id_connect_url,
            description,
            ..
        } => (
            SchemeKind::OpenIdConnect {
                url: open_id_connect_url,
            },
            description,
        ),
    }
}
