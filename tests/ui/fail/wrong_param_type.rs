//! The order ID is an integer: a string does not compile.

async fn call(client: digicert_certcentral::Client) {
    let _ = client.list_duplicates("12345").send().await;
}

fn main() {
    let _ = call;
}
