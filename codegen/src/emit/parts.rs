//! Which file each item goes to: items every build compiles stay in their module's file, the
//! others are grouped by the set of features that compiles them, a part (file) per set, named
//! the same in every module.

use std::collections::{BTreeMap, BTreeSet};

use super::layout::Part;
use crate::model::Api;

/// Names that a part must not take: the modules its parent imports, and file names Windows
/// refuses.
const RESERVED: &[&str] = &[
    "client",
    "mock",
    "operations",
    "runtime",
    "servers",
    "types",
    "aux",
    "con",
    "nul",
    "prn",
    "com1",
    "lpt1",
];

/// The part name of each feature set the API's items are compiled under.
pub struct PartNames {
    names: BTreeMap<Vec<String>, String>,
}

impl PartNames {
    /// Names for the feature sets of the API's operations and types.
    pub fn new(api: &Api) -> Self {
        let sets: BTreeSet<Vec<String>> = api
            .operations
            .iter()
            .map(|op| key(&op.features))
            .chain(api.types.iter().map(|t| key(&t.features)))
            .filter(|set| !set.is_empty())
            .collect();
        let mut taken = BTreeSet::new();
        let names = sets
            .into_iter()
            .map(|set| {
                let base = base_name(&set);
                let mut name = base.clone();
                let mut n = 2;
                while !taken.insert(name.clone()) {
                    name = format!("{base}_{n}");
                    n += 1;
                }
                (set, name)
            })
            .collect();
        PartNames { names }
    }

    /// Splits items, given by their features, into those always compiled (by index) and the
    /// parts of the others, in the order of the parts' names.
    pub fn split<'f>(
        &self,
        features: impl Iterator<Item = &'f [String]>,
    ) -> (Vec<usize>, Vec<Part>) {
        let mut always = Vec::new();
        let mut parts: BTreeMap<&str, Part> = BTreeMap::new();
        for (i, features) in features.enumerate() {
            let set = key(features);
            let Some(name) = self.names.get(&set) else {
                always.push(i);
                continue;
            };
            parts
                .entry(name)
                .or_insert_with(|| Part {
                    name: name.clone(),
                    features: set,
                    items: Vec::new(),
                })
                .items
                .push(i);
        }
        (always, parts.into_values().collect())
    }
}

/// A feature set in one order, without repeats.
fn key(features: &[String]) -> Vec<String> {
    let set: BTreeSet<&String> = features.iter().collect();
    set.into_iter().cloned().collect()
}

/// `users_user` for one feature, `a_and_b` for two, `a_and_3_more` for more; never a keyword
/// or a reserved name.
fn base_name(set: &[String]) -> String {
    let snake = |feature: &String| feature.replace('-', "_");
    let name = match set {
        [] => String::new(),
        [one] => snake(one),
        [a, b] => format!("{}_and_{}", snake(a), snake(b)),
        [first, rest @ ..] => format!("{}_and_{}_more", snake(first), rest.len()),
    };
    if crate::names::is_keyword(&name) || RESERVED.contains(&name.as_str()) {
        format!("{name}_part")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::base_name;

    #[test]
    fn parts_are_named_after_their_features_and_never_a_keyword_or_an_import() {
        let set = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        assert_eq!(base_name(&set(&["users-user"])), "users_user");
        assert_eq!(base_name(&set(&["a", "b-c"])), "a_and_b_c");
        assert_eq!(base_name(&set(&["a", "b", "c", "d"])), "a_and_3_more");
        assert_eq!(base_name(&set(&["match"])), "match_part");
        assert_eq!(base_name(&set(&["types"])), "types_part");
        assert_eq!(base_name(&set(&["con"])), "con_part");
    }
}
