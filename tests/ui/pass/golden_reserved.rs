//! The `reserved` golden compiles as a module of a consumer crate: operations and parameters
//! named like the runtime's and the builders' own members get names of their own.

#[path = "../../goldens/reserved.rs"]
mod generated;

fn main() {
    let client = generated::Client::new().expect("the spec names a server");
    let request = client
        .attempt2("fmt")
        .new2(true)
        .client2("c")
        .send2("s")
        .into_future2("f")
        .clone2("h");
    let _ = request.clone().send();
    let _ = (client.execute2(), client.execute_with_retries2(), client.base_url2());
    let _ = (client.new2(), client.builder2(), client.clone2());
    let _ = (client.base_url(), generated::Client::builder());
}
