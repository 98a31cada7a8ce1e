//! Optional parameters are setters, not arguments.

async fn call(client: digicert_certcentral::Client) {
    let _ = client.list_duplicates(12345, true).await;
}

fn main() {
    let _ = call;
}
