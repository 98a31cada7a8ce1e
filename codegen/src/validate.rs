//! Checks of OpenAPI rules the model relies on, made before any code is generated: unique
//! `operationId`s, well-formed path templates, and no declared path parameter missing from its
//! template (one the template names but nobody declares becomes a string, with a warning, in the
//! model). Hands the parsed templates on to the model.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use openapiv3::{OpenAPI, Parameter, ReferenceOr};

use crate::error::{Error, Pointer};
use crate::path_template::PathTemplate;
use crate::resolve::Resolver;

/// The HTTP methods of a path item, in the order they are generated.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Each path's parsed template, by path.
pub type PathTemplates = HashMap<String, PathTemplate>;

/// Fails on the first broken rule; returns the parsed path templates.
pub fn validate(api: &OpenAPI, resolver: &Resolver<'_>) -> Result<PathTemplates, Error> {
    let root = Pointer::root().join("paths");
    let mut operation_ids: BTreeMap<&str, Pointer> = BTreeMap::new();
    let mut templates = PathTemplates::with_capacity(api.paths.paths.len());
    for (path, item) in &api.paths.paths {
        let path_pointer = root.join(path);
        let template =
            PathTemplate::parse(path).map_err(|message| Error::invalid(&path_pointer, message))?;
        let ReferenceOr::Item(item) = item else {
            return Err(Error::unsupported(
                &path_pointer,
                "path items given by `$ref`",
            ));
        };
        let in_template: BTreeSet<&str> = template.params().collect();
        let shared = path_params(resolver, &item.parameters, &path_pointer)?;
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
            declared.extend(path_params(resolver, &operation.parameters, &op_pointer)?);
            if let Some(name) = declared.iter().find(|n| !in_template.contains(n.as_str())) {
                return Err(Error::invalid(
                    &op_pointer.join("parameters"),
                    format!("path parameter `{name}` does not appear in `{path}`"),
                ));
            }
        }
        templates.insert(path.clone(), template);
    }
    Ok(templates)
}

/// The names of the path parameters in a list of parameters (at `owner`/parameters).
fn path_params(
    resolver: &Resolver<'_>,
    parameters: &[ReferenceOr<Parameter>],
    owner: &Pointer,
) -> Result<BTreeSet<String>, Error> {
    let mut names = BTreeSet::new();
    for (i, p) in parameters.iter().enumerate() {
        let (p, _) = resolver.resolve(p, &owner.join("parameters").join(i))?;
        if let Parameter::Path { parameter_data, .. } = &*p {
            names.insert(parameter_data.name.clone());
        }
    }
    Ok(names)
}
