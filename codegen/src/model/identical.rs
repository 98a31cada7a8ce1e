//! Post-pass: structurally identical types are emitted once. Each group of types with the same
//! shape (fields, variants, wire names, types; documentation aside) keeps one definition, the
//! canonical one, and every other name of the group becomes an alias of it, so no public name is
//! lost. The canonical type is the first by: component schema before inline schema, shorter
//! name, then name. Types that differ only in referring to types merged this way are merged
//! too (repeated until nothing changes).

use std::collections::HashMap;
use std::rc::Rc;

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
    // A type's shape depends on the canonical types of the types it names, so it is made again
    // only after one of those merged (`stale`); `referrers` says who names whom.
    let mut referrers: Vec<Vec<usize>> = vec![Vec::new(); types.len()];
    for (i, t) in types.iter().enumerate() {
        t.for_each_name(&mut |name| {
            if let Some(&j) = index.get(name) {
                referrers[j].push(i);
            }
        });
    }
    let mut shapes: Vec<Option<Shape>> = vec![None; types.len()];
    let mut stale = vec![true; types.len()];
    loop {
        let mut first_of_shape: HashMap<Shape, usize> = HashMap::with_capacity(types.len());
        let mut merged = false;
        for &i in &order {
            if canonical[i] != i {
                continue;
            }
            if stale[i] {
                // A deprecated type is not the same as one that is not.
                shapes[i] = shape(&types[i].kind, &index, &canonical, types)
                    .map(|shape| Shape::new(format!("{}{shape}", types[i].deprecated)));
                stale[i] = false;
            }
            let Some(shape) = &shapes[i] else {
                continue;
            };
            match first_of_shape.get(shape) {
                Some(&first) => {
                    canonical[i] = first;
                    merged = true;
                    for &r in &referrers[i] {
                        stale[r] = true;
                    }
                }
                None => {
                    first_of_shape.insert(shape.clone(), i);
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

/// A shape's text with its hash, worked out once: the text is long and is looked up again in
/// every round.
#[derive(Clone)]
struct Shape {
    hash: u64,
    text: Rc<str>,
}

impl Shape {
    fn new(text: String) -> Shape {
        use std::hash::{BuildHasher as _, BuildHasherDefault, DefaultHasher};
        Shape {
            hash: BuildHasherDefault::<DefaultHasher>::default().hash_one(&text),
            text: Rc::from(text),
        }
    }
}

impl PartialEq for Shape {
    fn eq(&self, other: &Shape) -> bool {
        self.hash == other.hash && self.text == other.text
    }
}

impl Eq for Shape {}

impl std::hash::Hash for Shape {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
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
                for flag in [f.required, f.deprecated, f.boxed] {
                    out.push(if flag { '1' } else { '0' });
                }
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
        TypeRef::Bool => out.push_str("Bool"),
        TypeRef::I32 => out.push_str("I32"),
        TypeRef::I64 => out.push_str("I64"),
        TypeRef::U64 => out.push_str("U64"),
        TypeRef::F32 => out.push_str("F32"),
        TypeRef::F64 => out.push_str("F64"),
        TypeRef::String => out.push_str("String"),
        TypeRef::Date => out.push_str("Date"),
        TypeRef::DateTime => out.push_str("DateTime"),
        TypeRef::File => out.push_str("File"),
        TypeRef::Json => out.push_str("Json"),
        TypeRef::JsonObject => out.push_str("JsonObject"),
        TypeRef::External { path, text: shown } => {
            out.push_str(if *shown { "X1" } else { "X0" });
            text(out, path);
        }
    }
}

/// A name, length first, so no name can run into the next.
fn text(out: &mut String, name: &str) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut length = name.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (length % 10) as u8;
        length /= 10;
        if length == 0 {
            break;
        }
    }
    for &digit in &digits[start..] {
        out.push(char::from(digit));
    }
    out.push(':');
    out.push_str(name);
}
