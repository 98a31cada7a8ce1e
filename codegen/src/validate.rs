//! Checks of OpenAPI rules the model relies on, made before any code is generated.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, Parameter, ReferenceOr};

use crate::error::{Error, Pointer};

/// The HTTP methods of a path item, in the order they are generated.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Fails on the first broken rule: duplicate `operationId`s, path templates whose parameters are
/// not declared (or declared but absent), and malformed templates.
pub fn validate(
    api: &OpenAPI,
    resolve_param: impl Fn(&ReferenceOr<Parameter>, &Pointer) -> Result<Parameter, Error>,
) -> Result<(), Error> {
    let root = Pointer::root().join("paths");
    let mut operation_ids: BTreeMap<&str, Pointer> = BTreeMap::new();
    for (path, item) in &api.paths.paths {
        let path_pointer = root.join(path);
        let template =
            template_params(path).map_err(|message| Error::invalid(&path_pointer, message))?;
        let ReferenceOr::Item(item) = item else {
            return Err(Error::unsupported(
                &path_pointer,
                "path items given by `$ref`",
            ));
        };
        let mut shared = BTreeSet::new();
        for (i, p) in item.parameters.iter().enumerate() {
            let p = resolve_param(p, &path_pointer.join("parameters").join(i))?;
            if let Parameter::Path { parameter_data, .. } = p {
                shared.insert(parameter_data.name);
            }
        }
        for (method, operation) in item.iter() {
            let op_pointer = path_pointer.join(method);
            if let Some(id) = &operation.operation_id
                && let Some(first) = operation_ids.insert(id, op_pointer.join("operationId"))
            {
                return Err(Error::invalid(
                    &op_pointer.join("operationId"),
                    format!("operationId `{id}` is also used at {first}"),
                ));
            }
            let mut declared = shared.clone();
            for (i, p) in operation.parameters.iter().enumerate() {
                let p = resolve_param(p, &op_pointer.join("parameters").join(i))?;
                if let Parameter::Path { parameter_data, .. } = p {
                    declared.insert(parameter_data.name);
                }
            }
            for name in &template {
                if !declared.contains(name) {
                    return Err(Error::invalid(
                        &op_pointer,
                        format!("path parameter `{name}` of `{path}` is not declared"),
                    ));
                }
            }
            for name in &declared {
                if !template.contains(name) {
                    return Err(Error::invalid(
                        &op_pointer.join("parameters"),
                        format!("path parameter `{name}` does not appear in `{path}`"),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The parameter names of a path template, in order; an error for unbalanced or empty braces.
pub fn template_params(path: &str) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(format!("unbalanced `}}` in path `{path}`"));
        }
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| format!("unclosed `{{` in path `{path}`"))?;
        let name = &after[..close];
        if name.is_empty() || name.contains('{') {
            return Err(format!("malformed parameter in path `{path}`"));
        }
        names.push(name.to_owned());
        rest = &after[close + 1..];
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::template_params;

    #[test]
    fn templates() {
        assert_eq!(template_params("/a/{x}/b/{y}").unwrap(), ["x", "y"]);
        assert!(template_params("/a/{x").is_err());
        assert!(template_params("/a/}x{").is_err());
        assert!(template_params("/a/{}").is_err());
    }
}
