//! Integer bounds the typed model cannot hold: `minimum: -9223372036854776000` (beyond 64 bits,
//! read as a float) or `maximum: 2.5` on an integer schema. They only bound validation, so a
//! fractional bound is rounded inward and one beyond 64 bits is dropped with a warning, instead
//! of refusing the document. Applies to every version.

use serde_json::Value;

use crate::error::{Pointer, Warning};

const KEYS: [&str; 3] = ["minimum", "maximum", "multipleOf"];

/// Fixes the integer bounds of every integer schema in `tree`: whether any was changed, and a
/// warning for each one dropped.
pub fn fix_integer_bounds(tree: &mut Value) -> (bool, Vec<Warning>) {
    let mut found = Vec::new();
    let mut path = Vec::new();
    find(tree, &mut path, &mut found);
    let changed = !found.is_empty();
    let mut warnings = Vec::new();
    for (segments, key) in found {
        let at = segments
            .iter()
            .fold(Pointer::root(), |at, segment| at.join(segment));
        let Some(schema) = tree
            .pointer_mut(&at.as_str()[1..])
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        let value = schema.get(key).and_then(Value::as_f64).unwrap_or(f64::NAN);
        let rounded = match key {
            "minimum" => value.ceil(),
            "maximum" => value.floor(),
            _ => value.round(),
        };
        // `i64::MAX` is no float: stay strictly inside.
        if rounded.is_finite() && rounded.abs() < 9.0e18 && (key != "multipleOf" || rounded >= 1.0)
        {
            schema.insert(key.to_owned(), Value::from(rounded as i64));
        } else {
            schema.shift_remove(key);
            warnings.push(Warning {
                pointer: at.join(key),
                message: format!("`{key}` does not fit a 64-bit integer; the bound is not kept"),
            });
        }
    }
    (changed, warnings)
}

/// One step down the tree.
#[derive(Clone, Copy)]
enum Step<'t> {
    Key(&'t str),
    Index(usize),
}

/// Collects (path, key) of integer-schema bounds that are not 64-bit integers.
fn find<'t>(
    node: &'t Value,
    path: &mut Vec<Step<'t>>,
    found: &mut Vec<(Vec<String>, &'static str)>,
) {
    match node {
        Value::Object(map) => {
            if map.get("type").and_then(Value::as_str) == Some("integer") {
                for key in KEYS {
                    if map.get(key).is_some_and(|v| v.is_number() && !v.is_i64()) {
                        let segments = path
                            .iter()
                            .map(|step| match step {
                                Step::Key(key) => (*key).to_owned(),
                                Step::Index(i) => i.to_string(),
                            })
                            .collect();
                        found.push((segments, key));
                    }
                }
            }
            for (key, value) in map {
                descend(Step::Key(key), value, path, found);
            }
        }
        Value::Array(items) => {
            for (i, value) in items.iter().enumerate() {
                descend(Step::Index(i), value, path, found);
            }
        }
        _ => {}
    }
}

fn descend<'t>(
    step: Step<'t>,
    value: &'t Value,
    path: &mut Vec<Step<'t>>,
    found: &mut Vec<(Vec<String>, &'static str)>,
) {
    if value.is_object() || value.is_array() {
        path.push(step);
        find(value, path, found);
        path.pop();
    }
}
