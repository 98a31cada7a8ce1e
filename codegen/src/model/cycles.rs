//! Post-pass: boxes the fields and variants through which a type would contain itself.

use std::collections::HashMap;

use super::{TypeDef, TypeKind, TypeRef};

/// Boxes the fields and variants that would otherwise make a type contain itself.
pub(super) fn mark_boxed(types: &mut [TypeDef]) {
    let index: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    // Direct containment: a field or variant of type `T` or `Option<T>` (not through Vec or Map).
    let direct = |ty: &TypeRef| match ty.strip_option().0 {
        TypeRef::Named(name) => index.get(name).copied(),
        _ => None,
    };
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Struct { fields, .. } => {
                fields.iter().filter_map(|f| direct(&f.ty)).collect()
            }
            TypeKind::Union { variants, .. } => {
                variants.iter().filter_map(|v| direct(&v.ty)).collect()
            }
            TypeKind::Alias(ty) => direct(ty).into_iter().collect(),
            _ => Vec::new(),
        })
        .collect();
    let reaches = |from: usize, to: usize| {
        let mut seen = vec![false; edges.len()];
        let mut stack = vec![from];
        while let Some(node) = stack.pop() {
            if node == to {
                return true;
            }
            if !std::mem::replace(&mut seen[node], true) {
                stack.extend(&edges[node]);
            }
        }
        false
    };
    let mut boxed = Vec::new();
    for (i, t) in types.iter().enumerate() {
        match &t.kind {
            TypeKind::Struct { fields, .. } => {
                for (f, field) in fields.iter().enumerate() {
                    if direct(&field.ty).is_some_and(|target| reaches(target, i)) {
                        boxed.push((i, f));
                    }
                }
            }
            TypeKind::Union { variants, .. } => {
                for (v, variant) in variants.iter().enumerate() {
                    if direct(&variant.ty).is_some_and(|target| reaches(target, i)) {
                        boxed.push((i, v));
                    }
                }
            }
            _ => {}
        }
    }
    for (i, member) in boxed {
        match &mut types[i].kind {
            TypeKind::Struct { fields, .. } => fields[member].boxed = true,
            TypeKind::Union { variants, .. } => variants[member].boxed = true,
            _ => {}
        }
    }
}
