//! Post-pass: structurally identical types are emitted once. Each group of types with the same
//! shape (fields, variants, wire names, types; documentation aside) keeps one definition, the
//! canonical one, and every other name of the group becomes an alias of it, so no public name is
//! lost. The canonical type is the first by: component schema before inline schema, shorter
//! name, then name. Types that differ only in referring to types merged this way are merged
//! too (repeated until nothing changes).

use std::collections::HashMap;

use super::{TypeDef, TypeKind, TypeRef};

/// Turns every type that has the shape of an earlier-chosen one into an alias of it.
pub(super) fn merge_identical(types: &mut [TypeDef]) {
    let index: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let mut order: Vec<usize> = (0..types.len()).collect();
    order.sort_by_key(|&i| {
        let t = &types[i];
        (!is_component(t), t.name.len(), t.name.clone())
    });
    // The type each name stands for now: itself, or the canonical type of its group.
    let mut canonical: Vec<usize> = (0..types.len()).collect();
    loop {
        let mut first_of_shape: HashMap<String, usize> = HashMap::new();
        let mut merged = false;
        for &i in &order {
            if canonical[i] != i {
                continue;
            }
            let Some(shape) = shape(&types[i].kind, &index, &canonical, types) else {
                continue;
            };
            // A deprecated type is not the same as one that is not.
            let shape = format!("{}{shape}", types[i].deprecated);
            match first_of_shape.get(&shape) {
                Some(&first) => {
                    canonical[i] = first;
                    merged = true;
                }
                None => {
                    first_of_shape.insert(shape, i);
                }
            }
        }
        if !merged {
            break;
        }
    }
    for i in 0..types.len() {
        if canonical[i] != i {
            let target = types[canonical[i]].name.clone();
            types[i].kind = TypeKind::Alias(TypeRef::Named(target));
        }
    }
}

/// A schema under `components/schemas` (its type is named by the spec).
fn is_component(t: &TypeDef) -> bool {
    let segments: Vec<String> = t.pointer.segments().collect();
    segments.len() == 3 && segments[0] == "components" && segments[1] == "schemas"
}

/// The shape of a type as text, references resolved to their canonical types and documentation
/// left out; `None` for kinds that are not merged (aliases, newtypes, by-status answers).
fn shape(
    kind: &TypeKind,
    index: &HashMap<String, usize>,
    canonical: &[usize],
    types: &[TypeDef],
) -> Option<String> {
    let resolve = |ty: &TypeRef| resolved(ty, index, canonical, types);
    let normalized = match kind {
        TypeKind::Struct { fields, additional } => TypeKind::Struct {
            fields: fields
                .iter()
                .map(|f| super::Field {
                    doc: None,
                    ty: resolve(&f.ty),
                    ..f.clone()
                })
                .collect(),
            additional: additional.as_ref().map(resolve),
        },
        TypeKind::Enum { .. } => kind.clone(),
        TypeKind::Union {
            variants,
            discriminator,
            unknown,
        } => TypeKind::Union {
            variants: variants
                .iter()
                .map(|v| super::UnionVariant {
                    ty: resolve(&v.ty),
                    ..v.clone()
                })
                .collect(),
            discriminator: discriminator.clone(),
            unknown: unknown.clone(),
        },
        TypeKind::Alias(_) | TypeKind::Newtype { .. } | TypeKind::ByStatus { .. } => return None,
    };
    Some(format!("{normalized:?}"))
}

/// `ty` with every named type replaced by the canonical type of its group.
fn resolved(
    ty: &TypeRef,
    index: &HashMap<String, usize>,
    canonical: &[usize],
    types: &[TypeDef],
) -> TypeRef {
    match ty {
        TypeRef::Named(name) => match index.get(name) {
            Some(&i) => TypeRef::Named(types[canonical[i]].name.clone()),
            None => ty.clone(),
        },
        TypeRef::Vec(inner) => TypeRef::Vec(Box::new(resolved(inner, index, canonical, types))),
        TypeRef::Map(inner) => TypeRef::Map(Box::new(resolved(inner, index, canonical, types))),
        TypeRef::Option(inner) => {
            TypeRef::Option(Box::new(resolved(inner, index, canonical, types)))
        }
        other => other.clone(),
    }
}
