//! Names the generated code uses itself are never given to operations or parameters: for every
//! method of the runtime's `Client` (read here from the runtime's source, independently of the
//! generator), an operation of that name gets a method of its own. A new runtime method that the
//! generator did not leave alone fails this test.

use std::collections::BTreeSet;

use tests::workspace_root;

/// The names of the methods in `impl <name>` blocks of a Rust file.
fn impl_methods(source: &str, name: &str) -> Vec<String> {
    let file = syn::parse_file(source).expect("parses");
    let mut methods = Vec::new();
    for item in file.items {
        if let syn::Item::Impl(block) = item
            && let syn::Type::Path(path) = &*block.self_ty
            && path.path.segments.last().is_some_and(|s| s.ident == name)
            && block.trait_.is_none()
        {
            for member in block.items {
                if let syn::ImplItem::Fn(method) = member {
                    methods.push(method.sig.ident.to_string());
                }
            }
        }
    }
    methods
}

#[test]
fn operations_named_like_client_methods_get_their_own_names() {
    let folder = workspace_root().join("codegen/runtime/src/runtime");
    let mut runtime_methods = Vec::new();
    for entry in std::fs::read_dir(folder).expect("the runtime folder") {
        let source = std::fs::read_to_string(entry.expect("entry").path()).expect("readable");
        runtime_methods.extend(impl_methods(&source, "Client"));
    }
    assert!(runtime_methods.len() >= 3, "{runtime_methods:?}");
    let mut names = runtime_methods.clone();
    names.extend(["new", "builder", "clone", "fmt"].map(String::from));
    let mut spec = String::from(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nservers: [{url: 'https://x.example'}]\npaths:\n",
    );
    for name in &names {
        spec.push_str(&format!(
            "  /{name}:\n    get:\n      operationId: {name}\n      responses: {{'204': {{description: ok}}}}\n"
        ));
    }
    let generated = codegen::generate(&spec, &codegen::Options::default()).expect("generates");
    let client = generated
        .files
        .iter()
        .find(|f| f.path == "src/client.rs")
        .expect("client.rs");
    let generated_methods = impl_methods(&client.contents, "Client");
    let mut all = BTreeSet::new();
    for method in runtime_methods.iter().chain(&generated_methods) {
        assert!(
            all.insert(method),
            "`{method}` is defined twice on Client: {generated_methods:?}"
        );
    }
    assert_eq!(
        generated_methods.len(),
        names.len() + 2,
        "new, builder and one per operation"
    );
}
