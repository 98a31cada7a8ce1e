//! Servers: the document's (the first is the client's default base URL) and those path items and
//! operations name for their own requests, each as a constant. Variables take their defaults. A
//! relative URL (`/api/v3`) is kept: the client resolves it against the base URL (an operation's)
//! or under the host the user gives (the document's).

use openapiv3::Server;

use super::ServerDef;
use super::builder::Builder;
use crate::error::Pointer;
use crate::names::{Namespace, shouty};

/// The servers found so far; the names of their constants share one namespace.
#[derive(Default)]
pub(super) struct ServerTable {
    names: Namespace,
    pub document: Vec<ServerDef>,
    pub operations: Vec<ServerDef>,
}

/// A server URL with its variables' defaults, without a trailing `/`; `None` when it is neither
/// http(s) nor relative (`ws://`, `ftp://`…). A network-path reference (`//api.example.com/v1`)
/// takes the scheme of wherever the document is served, which a client cannot know: `https`.
fn server_url(server: &Server) -> Option<String> {
    let mut url = server.url.trim().to_owned();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    if url.starts_with("//") {
        url.insert_str(0, "https:");
    }
    let absolute = url.starts_with("https://") || url.starts_with("http://");
    let relative = !url.contains("://") && !url.starts_with("//");
    (absolute || relative).then(|| url.trim_end_matches('/').to_owned())
}

/// Whether a server URL (as [`server_url`] gives it) is relative.
pub fn is_relative(url: &str) -> bool {
    !url.contains("://")
}

impl ServerTable {
    fn add(&mut self, server: &Server, url: String, fallback: String) -> ServerDef {
        let label = server
            .description
            .as_deref()
            .filter(|d| d.split_whitespace().count() <= 4);
        ServerDef {
            const_name: self.names.claim(&label.map(shouty).unwrap_or(fallback)),
            url,
            description: server.description.clone(),
        }
    }
}

impl Builder<'_> {
    /// The document's servers.
    pub(super) fn document_servers(&mut self) -> ServerTable {
        let mut table = ServerTable::default();
        for (i, server) in self.doc.api.servers.iter().enumerate() {
            let at = Pointer::root().join("servers").join(i);
            let Some(url) = server_url(server) else {
                self.warn(
                    &at,
                    format!(
                        "server `{}` is not an http(s) URL; it is not used",
                        server.url
                    ),
                );
                continue;
            };
            let def = table.add(server, url, format!("SERVER_{}", i + 1));
            table.document.push(def);
        }
        table
    }

    /// The constant of the server an operation's requests go to when it or its path item names
    /// servers (`servers`, at `at`): the first usable one. `None`: the client's base URL (no
    /// servers, or the document's default one again).
    pub(super) fn operation_server(
        &mut self,
        table: &mut ServerTable,
        servers: &[Server],
        at: &Pointer,
    ) -> Option<String> {
        let mut usable = None;
        for (i, server) in servers.iter().enumerate() {
            match server_url(server) {
                Some(url) => {
                    usable = Some((server, url));
                    break;
                }
                None => self.warn(
                    &at.join(i),
                    format!(
                        "server `{}` is not an http(s) URL; it is not used",
                        server.url
                    ),
                ),
            }
        }
        let (server, url) = usable?;
        if table.document.first().is_some_and(|d| d.url == url) {
            return None;
        }
        let known = table.document.iter().chain(&table.operations);
        if let Some(def) = known.into_iter().find(|d| d.url == url) {
            return Some(def.const_name.clone());
        }
        let fallback = match url.split_once("://") {
            Some((_, rest)) => shouty(rest),
            None => shouty(&url),
        };
        let def = table.add(server, url, fallback);
        let name = def.const_name.clone();
        table.operations.push(def);
        Some(name)
    }
}
