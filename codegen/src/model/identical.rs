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
    order.sort_by_cached_key(|&i| {
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
    super::schemas::component_schema_name(t.pointer.as_str()).is_some()
}

/// The shape of a type as text, references resolved to their canonical types and documentation
/// left out; `None` for kinds that are not merged (aliases, newtypes, by-status answers).
fn shape(
    kind: &TypeKind,
    index: &HashMap<String, usize>,
    canonical: &[usize],
    types: &[TypeDef],
) -> Option<String> {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(256);
    let ty = |out: &mut String, ty: &TypeRef| write_type(out, ty, index, canonical, types);
    match kind {
        TypeKind::Struct { fields, additional } => {
            out.push('S');
            for f in fields {
                out.push('|');
                text(&mut out, &f.wire_name);
                text(&mut out, &f.rust_name);
                let _ = write!(
                    out,
                    "{}{}{}",
                    f.required as u8, f.deprecated as u8, f.boxed as u8
                );
                ty(&mut out, &f.ty);
            }
            if let Some(additional) = additional {
                out.push_str("|+");
                ty(&mut out, additional);
            }
        }
        TypeKind::Enum { variants, unknown } => {
            out.push('E');
            text(&mut out, unknown);
            for v in variants {
                out.push('|');
                text(&mut out, &v.rust_name);
                text(&mut out, &v.wire_value);
            }
        }
        TypeKind::Union {
            variants,
            discriminator,
            unknown,
        } => {
            let _ = write!(out, "U{discriminator:?}{unknown:?}");
            for v in variants {
                out.push('|');
                text(&mut out, &v.rust_name);
                let _ = write!(out, "{}{:?}", v.boxed as u8, v.tags);
                ty(&mut out, &v.ty);
            }
        }
        TypeKind::Alias(_)
        | TypeKind::Newtype { .. }
        | TypeKind::ByStatus { .. }
        | TypeKind::Headers { .. } => return None,
    }
    Some(out)
}

/// Writes `ty` with every named type replaced by the canonical type of its group.
fn write_type(
    out: &mut String,
    ty: &TypeRef,
    index: &HashMap<String, usize>,
    canonical: &[usize],
    types: &[TypeDef],
) {
    match ty {
        TypeRef::Named(name) => {
            out.push('N');
            match index.get(name) {
                Some(&i) => text(out, &types[canonical[i]].name),
                None => text(out, name),
            }
        }
        TypeRef::Vec(inner) => {
            out.push_str("V<");
            write_type(out, inner, index, canonical, types);
            out.push('>');
        }
        TypeRef::Map(inner) => {
            out.push_str("M<");
            write_type(out, inner, index, canonical, types);
            out.push('>');
        }
        TypeRef::Option(inner) => {
            out.push_str("O<");
            write_type(out, inner, index, canonical, types);
            out.push('>');
        }
        TypeRef::Related(inner) => {
            out.push_str("R<");
            write_type(out, inner, index, canonical, types);
            out.push('>');
        }
        other => {
            use std::fmt::Write as _;
            let _ = write!(out, "{other:?}");
        }
    }
}

/// A name, length first, so no name can run into the next.
fn text(out: &mut String, name: &str) {
    use std::fmt::Write as _;
    let _ = write!(out, "{}:{name}", name.len());
}
