//! Usage examples in the generated docs, compiled by rustdoc as `no_run` doctests: one per
//! operation (its required arguments, an optional setter, the result) and one for the crate.
//! Scalars are written as literals; other values come in as parameters of the hidden function
//! around the example, so every example compiles for any spec.

use super::rust::type_text;
use crate::model::{
    Api, Input, InputType, Operation, ResponseBody, ResponseSet, SchemeKind, SecuritySchemeDef,
    TypeRef,
};
use crate::names::ident;

/// The doc lines (each with its leading space) of an operation's example.
pub fn operation_example(op: &Operation, lib: &str) -> Vec<String> {
    let mut params = vec![format!("client: &{lib}::Client")];
    let call = call(op, lib, &mut params);
    example_block(&params, &call)
}

/// The doc lines of the crate's example: make a client as this API needs it (its credential;
/// `allow_insecure_http` when its server is plain http; a base URL when it names none), then
/// call the first operation that credential authorises.
pub fn crate_example(api: &Api, lib: &str) -> Vec<String> {
    let Some(op) = api
        .operations
        .iter()
        .find(|op| op.security.needs_credential())
        .or(api.operations.first())
    else {
        return Vec::new();
    };
    let plain_http = api
        .servers
        .first()
        .is_some_and(|s| s.url.starts_with("http://"));
    // The credentials of the operation's first alternative that sends one.
    let credentials: Vec<&SecuritySchemeDef> = op
        .security
        .alternatives
        .iter()
        .find(|names| !names.is_empty())
        .into_iter()
        .flatten()
        .filter_map(|name| api.security_schemes.iter().find(|s| &s.name == name))
        .collect();
    let mut lines = Vec::new();
    let only_scheme = api.security_schemes.len() == 1;
    let relative = api.servers.first().is_some_and(|s| s.is_relative());
    if api.servers.is_empty() || plain_http || !only_scheme || relative {
        lines.push(format!("let client = {lib}::Client::builder()"));
        if api.servers.is_empty() {
            lines.push(
                "    .base_url(\"https://api.example.com\") // the spec names no server".to_owned(),
            );
        } else if relative {
            lines.push(
                "    .host(\"https://api.example.com\") // the spec's server is only a path"
                    .to_owned(),
            );
        } else if plain_http {
            lines.push(
                "    .allow_insecure_http(true) // the spec's server is plain http".to_owned(),
            );
        }
        for scheme in &credentials {
            lines.push(format!(
                "    .{}({})",
                crate::names::ident(&scheme.setter),
                example_credential(scheme)
            ));
        }
        lines.push("    .build()?;".to_owned());
    } else {
        let args = credentials
            .first()
            .map_or(String::new(), |s| example_credential(s));
        lines.push(format!("let client = {lib}::Client::new({args})?;"));
    }
    let mut params = Vec::new();
    lines.extend(call(op, lib, &mut params));
    let mut block = vec![" # Example".to_owned(), String::new()];
    block.extend(example_block(&params, &lines));
    block
}

/// The arguments of a scheme's setter in an example.
pub fn example_credential(scheme: &SecuritySchemeDef) -> String {
    match scheme.kind {
        SchemeKind::Basic => "\"user\", \"password\"".to_owned(),
        SchemeKind::OAuth2(_) | SchemeKind::OpenIdConnect { .. } => "\"access-token\"".to_owned(),
        SchemeKind::MutualTls => "std::fs::read(\"client.pem\")?".to_owned(),
        SchemeKind::ApiKey { .. } | SchemeKind::Bearer { .. } | SchemeKind::Http { .. } => {
            "\"credential\"".to_owned()
        }
    }
}

/// A `no_run` block: `lines` inside a hidden async function taking `params`.
fn example_block(params: &[String], lines: &[String]) -> Vec<String> {
    let mut out = vec![" ```no_run".to_owned()];
    out.push(format!(
        " # async fn example({}) -> Result<(), Box<dyn std::error::Error>> {{",
        params.join(", ")
    ));
    out.extend(lines.iter().map(|line| format!(" {line}")));
    out.push(" # Ok(())".to_owned());
    out.push(" # }".to_owned());
    out.push(" ```".to_owned());
    out
}

/// The lines that call `op` on `client` and show its result; values that are not scalars
/// are added to `params`.
fn call(op: &Operation, lib: &str, params: &mut Vec<String>) -> Vec<String> {
    let args: Vec<String> = op
        .inputs
        .iter()
        .filter(|input| input.required)
        .map(|input| value(input, lib, params))
        .collect();
    let method = ident(&op.method_name);
    let mut lines = vec![format!("    .{method}({})", args.join(", "))];
    if let Some(optional) = op.inputs.iter().find(|input| !input.required) {
        let setter = ident(&optional.rust_name);
        lines.push(format!("    .{setter}({})", value(optional, lib, params)));
    }
    lines.push("    .await?;".to_owned());
    let empty = matches!(
        op.success,
        ResponseSet::Single {
            body: ResponseBody::Empty,
            ..
        }
    );
    let first = if empty {
        "client".to_owned()
    } else {
        "let answer = client".to_owned()
    };
    let mut out = vec![first];
    out.extend(lines);
    if !empty {
        out.push("println!(\"{answer:?}\");".to_owned());
    }
    out
}

/// An input's example value: a literal for scalars (the spec's example or a value made from
/// its schema, when it has one that fits), else a new parameter of that type.
pub(super) fn value(input: &Input, lib: &str, params: &mut Vec<String>) -> String {
    use serde_json::Value;
    let example = input.example.as_ref();
    let ty = match &input.ty {
        InputType::Text => {
            let text = match example {
                Some(Value::String(text)) => text.clone(),
                Some(other @ (Value::Number(_) | Value::Bool(_))) => other.to_string(),
                _ => "text".to_owned(),
            };
            return format!("{text:?}");
        }
        InputType::Bytes => return "b\"bytes\".to_vec()".to_owned(),
        InputType::Value(ty) => ty,
    };
    let integer = |fits: fn(i128) -> bool| {
        example
            .and_then(|v| {
                v.as_i64()
                    .map(i128::from)
                    .or_else(|| v.as_u64().map(i128::from))
            })
            .filter(|n| fits(*n))
            .map_or_else(|| "1".to_owned(), |n| n.to_string())
    };
    match ty {
        // `true`: a flag's sample is often its default (`false`), which shows nothing.
        TypeRef::Bool => "true".to_owned(),
        TypeRef::I32 => integer(|n| i32::try_from(n).is_ok()),
        TypeRef::I64 => integer(|n| i64::try_from(n).is_ok()),
        TypeRef::U64 => integer(|n| u64::try_from(n).is_ok()),
        TypeRef::F32 | TypeRef::F64 => example
            .and_then(Value::as_f64)
            .filter(|f| f.is_finite())
            .map_or_else(|| "1.0".to_owned(), |f| format!("{f:?}")),
        other => {
            let name = format!("{}_value", input.rust_name);
            params.push(format!("{name}: {}", type_text(other, lib)));
            name
        }
    }
}
