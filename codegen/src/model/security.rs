//! The credential and the servers: the one supported security scheme the API uses (an API key
//! in a header or query, a bearer token, or HTTP Basic) and the server URLs, as constants.

use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme};

use super::builder::Builder;
use super::{Auth, KeyLocation, ServerDef};
use crate::error::Pointer;
use crate::names::{Namespace, shouty};

impl Builder<'_> {
    pub(super) fn servers(&mut self) -> Vec<ServerDef> {
        let mut names = Namespace::default();
        let mut servers = Vec::new();
        for (i, server) in self.doc.api.servers.iter().enumerate() {
            let at = Pointer::root().join("servers").join(i);
            let mut url = server.url.clone();
            for (name, variable) in server.variables.iter().flatten() {
                url = url.replace(&format!("{{{name}}}"), &variable.default);
            }
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                self.warn(&at, format!("server `{url}` is not an absolute http(s) URL; set the base URL on the client builder"));
                continue;
            }
            let label = server
                .description
                .as_deref()
                .filter(|d| d.split_whitespace().count() <= 4);
            let const_name = names.claim(
                &label
                    .map(shouty)
                    .unwrap_or_else(|| format!("SERVER_{}", i + 1)),
            );
            servers.push(ServerDef {
                const_name,
                url: url.trim_end_matches('/').to_owned(),
                description: server.description.clone(),
            });
        }
        servers
    }

    /// The first supported security scheme the API or one of its operations requires, with its
    /// name in `components/securitySchemes`.
    pub(super) fn auth(&mut self) -> Option<(String, Auth)> {
        let schemes = &self.doc.api.components.as_ref()?.security_schemes;
        let mut required: Vec<&String> = Vec::new();
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
        for requirement in global.chain(per_operation) {
            required.extend(requirement.keys());
        }
        let mut names: Vec<&String> = schemes.keys().collect();
        names.sort_by_key(|n| (!required.contains(n), n.as_str()));
        let mut chosen = None;
        for name in names {
            let at = Pointer::root()
                .join("components")
                .join("securitySchemes")
                .join(name);
            let scheme = match schemes[name].as_item() {
                Some(scheme) => scheme.clone(),
                None => {
                    self.warn(
                        &at,
                        "security schemes given by `$ref` are not supported; skipped",
                    );
                    continue;
                }
            };
            let auth = match scheme {
                SecurityScheme::APIKey {
                    location: APIKeyLocation::Header,
                    name,
                    description,
                    ..
                } => Some(Auth::ApiKey {
                    location: KeyLocation::Header,
                    name,
                    description,
                }),
                SecurityScheme::APIKey {
                    location: APIKeyLocation::Query,
                    name,
                    description,
                    ..
                } => Some(Auth::ApiKey {
                    location: KeyLocation::Query,
                    name,
                    description,
                }),
                SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } if scheme.eq_ignore_ascii_case("bearer") => Some(Auth::Bearer { description }),
                SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } if scheme.eq_ignore_ascii_case("basic") => Some(Auth::Basic { description }),
                _ => None,
            };
            match (&chosen, auth) {
                (None, Some(auth)) => chosen = Some((name.clone(), auth)),
                (Some((first, _)), _) => self.warn(
                    &at,
                    format!(
                        "only one security scheme is supported; `{first}` is used, this one is not"
                    ),
                ),
                (None, None) => self.warn(
                    &at,
                    "this kind of security scheme is not supported; requests go without it",
                ),
            }
        }
        chosen
    }
}
