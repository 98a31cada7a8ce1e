//! The emitted skeletons define exactly the names `crate::surface` lists: a generated
//! constructor, builder member or mock method added without listing it there fails here.

use std::collections::BTreeSet;

use super::{client, mock, operations};
use crate::model::{Api, SchemeKind, SecuritySchemeDef};
use crate::surface::{
    BUILDER_MEMBERS, CLIENT_METHODS, MOCK_METHODS, macro_methods, members, parse,
};

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

#[test]
fn emitted_skeletons_define_the_listed_names() {
    let empty = Api {
        title: String::new(),
        version: String::new(),
        description: None,
        servers: Vec::new(),
        operation_servers: Vec::new(),
        security_schemes: vec![SecuritySchemeDef {
            name: "token".into(),
            setter: "token".into(),
            kind: SchemeKind::Bearer { format: None },
            description: None,
        }],
        operations: Vec::new(),
        types: Vec::new(),
        features: Vec::new(),
        common_error: None,
        external_crates: Default::default(),
    };
    let client_items = client::constructors(&empty);
    let client_module = parse(&client_items.to_string(), "the client module").expect("parses");
    assert_eq!(members(&client_module, "Client"), set(CLIENT_METHODS));
    let skeleton = parse(&operations::skeleton().to_string(), "a builder").expect("parses");
    // What the builder declares, and what the runtime's `request_builder!` gives it.
    let mut builder = members(&skeleton, "Skeleton");
    assert!(builder.remove("id"), "the skeleton's input is a field");
    builder.extend(macro_methods("request_builder").expect("the runtime parses"));
    assert!(builder.contains("send_stream") && builder.contains("pages"));
    assert_eq!(builder, set(BUILDER_MEMBERS));
    let mock = parse(&mock::shared(&[], &[]).to_string(), "the mock module").expect("parses");
    assert_eq!(members(&mock, "MockApi"), set(MOCK_METHODS));
}
