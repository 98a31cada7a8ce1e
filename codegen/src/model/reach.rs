//! Post-pass: marks the types reachable from request parameters and bodies, which users must be
//! able to build (no `#[non_exhaustive]`).

use std::collections::HashMap;

use super::{Operation, TypeDef, TypeKind, TypeRef};

/// Marks the types reachable from request bodies and parameters.
pub(super) fn mark_in_request(types: &mut [TypeDef], operations: &[Operation]) {
    let index: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let mut stack: Vec<&TypeRef> = Vec::new();
    for op in operations {
        stack.extend(op.params.iter().map(|p| &p.ty));
        if let Some(ty) = op.body.as_ref().and_then(|b| b.kind.structured_type()) {
            stack.push(ty);
        }
    }
    let mut marked = vec![false; types.len()];
    let mut pending: Vec<TypeRef> = stack.into_iter().cloned().collect();
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Named(name) => {
                let Some(&i) = index.get(&name) else { continue };
                if std::mem::replace(&mut marked[i], true) {
                    continue;
                }
                match &types[i].kind {
                    TypeKind::Struct { fields, additional } => {
                        pending.extend(fields.iter().map(|f| f.ty.clone()));
                        pending.extend(additional.clone());
                    }
                    TypeKind::Union { variants, .. } => {
                        pending.extend(variants.iter().map(|v| v.ty.clone()))
                    }
                    TypeKind::Alias(ty) | TypeKind::Newtype { ty, .. } => pending.push(ty.clone()),
                    TypeKind::Enum { .. } | TypeKind::ByStatus { .. } => {}
                }
            }
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
                pending.push(*inner)
            }
            _ => {}
        }
    }
    for (t, marked) in types.iter_mut().zip(marked) {
        t.in_request = marked;
    }
}
