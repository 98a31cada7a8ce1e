//! `examples/` of the generated crate: a small program per operation (per tag for large APIs)
//! that calls it against the crate's mock server and prints the answer, so the first thing a
//! user runs is real: `cargo run --example list_duplicates --features mock`. The mock answers
//! with the spec's own success example; an operation without one is answered with an error
//! status, and the program shows how the error reads. Operations whose required inputs are
//! neither scalars nor a request body with an example get no program.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc_examples::value;
use crate::model::{
    Api, BodyExample, InputSource, Operation, ParamLocation, ResponseBody, ResponseSet,
};
use crate::names::ident;

/// Above this many operations, one program per tag instead of one per operation.
const PER_OPERATION_LIMIT: usize = 30;

/// One example program: its file stem (the name `cargo run --example` takes), the operation it
/// calls and the cargo features it needs.
pub struct Program {
    pub name: String,
    pub operation: usize,
    pub features: Vec<String>,
}

/// The programs of the crate, in operation order.
pub fn programs(api: &Api) -> Vec<Program> {
    let mut seen_tags = std::collections::BTreeSet::new();
    let per_tag = api.operations.len() > PER_OPERATION_LIMIT;
    api.operations
        .iter()
        .enumerate()
        .filter(|(_, op)| runnable(op))
        // Per tag: the first runnable operation of each feature (and of none).
        .filter(|(_, op)| !per_tag || seen_tags.insert(op.features.first().cloned()))
        .map(|(i, op)| Program {
            name: op.method_name.trim_start_matches("r#").to_owned(),
            operation: i,
            features: std::iter::once(crate::model::MOCK_FEATURE.to_owned())
                .chain(op.features.first().cloned())
                .collect(),
        })
        .collect()
}

/// Whether a program can give every required input a value: scalars and strings by literals,
/// the body from its request example.
fn runnable(op: &Operation) -> bool {
    op.inputs
        .iter()
        .filter(|i| i.required)
        .all(|input| match input.source {
            InputSource::Param(_) => is_literal(input),
            InputSource::Body => is_literal(input) || request_example(op).is_some(),
        })
}

fn is_literal(input: &crate::model::Input) -> bool {
    let mut params = Vec::new();
    value(input, "x", &mut params);
    params.is_empty()
}

fn request_example(op: &Operation) -> Option<&BodyExample> {
    op.examples.iter().find(|e| e.status == "request")
}

/// The first example of a success response, when the success side has one body type (the
/// mock answers with it).
fn success_example(op: &Operation) -> Option<&BodyExample> {
    match op.success {
        ResponseSet::Single { .. } => op.examples.iter().find(|e| e.status.starts_with('2')),
        ResponseSet::ByStatus { .. } => None,
    }
}

/// The program's docs (the file's head).
pub fn head(api: &Api, program: &Program) -> TokenStream {
    let op = &api.operations[program.operation];
    let features = program.features.join(",");
    let lines = [
        format!(
            " Calls `{}` (`{} {}`) on the crate's mock server and prints the answer:",
            program.name,
            op.http_method.as_str(),
            op.path_template
        ),
        format!(
            " `cargo run --example {} --features {features}`.",
            program.name
        ),
        String::new(),
        " Against the real API, make the client with `Client::new` (or `Client::builder()`)"
            .to_owned(),
        " instead of `mock.client()`; the call is the same.".to_owned(),
    ];
    quote!(#(#![doc = #lines])*)
}

/// Code written as text by this module's templates; a template bug shows as a compile error
/// in the program, never as a silently empty one.
fn code(text: &str) -> TokenStream {
    text.parse().unwrap_or_else(|_| {
        let message = format!("the generator wrote invalid code: {text}");
        quote!(compile_error!(#message))
    })
}

/// JSON text as a raw string literal (`r#"{…}"#`) that no `"#` inside can end.
fn json_literal(json: &str) -> TokenStream {
    let pretty = serde_json::from_str::<serde_json::Value>(json)
        .and_then(|value| serde_json::to_string_pretty(&value));
    let json = pretty.as_deref().unwrap_or(json);
    let mut hashes = String::from("#");
    while json.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    let raw = format!("r{hashes}\"{json}\"{hashes}");
    match raw.parse::<proc_macro2::Literal>() {
        Ok(literal) => quote!(#literal),
        Err(_) => {
            let plain = proc_macro2::Literal::string(json);
            quote!(#plain)
        }
    }
}

/// The program: start the mock, say how it answers, call, print.
pub fn program(api: &Api, program: &Program, lib: &str) -> TokenStream {
    let op = &api.operations[program.operation];
    let method = ident(&op.method_name);
    let lib_ident = format_ident!("{}", lib);
    let mut lets = Vec::new();
    let mut args = Vec::new();
    let mut mock_args = Vec::new();
    for input in op.inputs.iter().filter(|i| i.required) {
        let arg = match (input.source, request_example(op)) {
            (InputSource::Body, Some(example)) if !is_literal(input) => {
                let name = ident(&input.rust_name);
                let json = json_literal(&example.json);
                lets.push(quote!(let #name = serde_json::from_str(#json)?;));
                quote!(#name)
            }
            _ => code(&value(input, lib, &mut Vec::new())),
        };
        if let InputSource::Param(i) = input.source
            && op.params[i].location == ParamLocation::Path
        {
            mock_args.push(arg.clone());
        }
        args.push(arg);
    }
    enum Answer {
        Example,
        NoContent,
        Error,
    }
    let (answer, shown) = match (success_example(op), &op.success) {
        (Some(example), _) => {
            let json = json_literal(&example.json);
            (
                quote!(.respond_json(serde_json::from_str(#json)?)),
                Answer::Example,
            )
        }
        (
            None,
            ResponseSet::Single {
                body: ResponseBody::Empty,
                status,
            },
        ) => {
            let status = proc_macro2::Literal::u16_unsuffixed(*status);
            (quote!(.respond_status(#status)), Answer::NoContent)
        }
        // Nothing documented to answer with: an error, to show how one reads.
        (None, _) => (quote!(.respond_status(404)), Answer::Error),
    };
    let call = quote!(client.#method(#(#args),*));
    let show = match shown {
        Answer::Example => quote! {
            let answer = #call.await?;
            println!("{answer:#?}");
        },
        Answer::NoContent => quote! {
            #call.await?;
            println!("done (the answer has no content)");
        },
        Answer::Error => quote! {
            match #call.await {
                Ok(answer) => println!("{answer:#?}"),
                Err(error) => println!("the mock answered with an error: {error}"),
            }
        },
    };
    quote! {
        use #lib_ident::mock::MockApi;

        #[tokio::main(flavor = "current_thread")]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let mock = MockApi::start().await;
            mock.#method(#(#mock_args),*)#answer.await;
            let client = mock.client();
            #(#lets)*
            #show
            Ok(())
        }
    }
}
