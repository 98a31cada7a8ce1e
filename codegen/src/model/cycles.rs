//! Post-passes on the graph of types: aliases that would refer to themselves become newtypes,
//! and the fields and variants through which a type would contain itself are boxed.

use std::collections::{HashMap, HashSet};

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
            TypeKind::Alias(ty) | TypeKind::Newtype { ty, .. } => direct(ty).into_iter().collect(),
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
            TypeKind::Newtype { ty, .. } if direct(ty).is_some_and(|target| reaches(target, i)) => {
                boxed.push((i, 0));
            }
            _ => {}
        }
    }
    for (i, member) in boxed {
        match &mut types[i].kind {
            TypeKind::Struct { fields, .. } => fields[member].boxed = true,
            TypeKind::Union { variants, .. } => variants[member].boxed = true,
            TypeKind::Newtype { boxed, .. } => *boxed = true,
            _ => {}
        }
    }
}

/// Turns every alias that reaches itself through other aliases (`type Tree = Vec<Tree>` does
/// not compile) into a newtype.
pub(super) fn newtype_alias_cycles(types: &mut [TypeDef]) {
    let aliases: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .filter(|(_, t)| matches!(t.kind, TypeKind::Alias(_)))
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    // Each alias's edges: the aliases named anywhere in its type.
    let edges: HashMap<usize, Vec<usize>> = aliases
        .values()
        .map(|&i| {
            let mut named = Vec::new();
            if let TypeKind::Alias(ty) = &types[i].kind {
                ty.for_each_name(&mut |name| {
                    if let Some(&j) = aliases.get(name) {
                        named.push(j);
                    }
                });
            }
            (i, named)
        })
        .collect();
    let on_cycle: Vec<usize> = aliases
        .values()
        .copied()
        .filter(|&start| {
            let mut seen = HashSet::new();
            let mut stack = edges[&start].clone();
            while let Some(node) = stack.pop() {
                if node == start {
                    return true;
                }
                if seen.insert(node) {
                    stack.extend(&edges[&node]);
                }
            }
            false
        })
        .collect();
    for i in on_cycle {
        if let TypeKind::Alias(ty) = &types[i].kind {
            types[i].kind = TypeKind::Newtype {
                ty: ty.clone(),
                boxed: false,
            };
        }
    }
}
