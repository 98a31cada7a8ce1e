//! A consumer program: builds the client every documented way and handles every outcome.

use std::time::Duration;

use digicert_certcentral::types::{DuplicateStatus, ListDuplicatesResponse};
use digicert_certcentral::{Client, Error, RetryPolicy, servers};

async fn use_client() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::new("api-key")?;
    let eu = Client::builder()
        .base_url(servers::EU)
        .dev_key("api-key")
        .connect_timeout(Duration::from_secs(5))
        .attempt_timeout(Some(Duration::from_secs(20)))
        .total_timeout(Some(Duration::from_secs(60)))
        .retry_policy(RetryPolicy::default().max_attempts(5))
        .max_response_bytes(1 << 20)
        .user_agent("my-app/1.0")
        .build()?;
    let duplicates: ListDuplicatesResponse = client.list_duplicates(12345).show_archived(true).send().await?;
    for certificate in &duplicates.certificates {
        match &certificate.status {
            DuplicateStatus::Issued => println!("{} issued", certificate.common_name),
            other => println!("{} {other}", certificate.common_name),
        }
    }
    match eu.subaccount_order_info(1).include_validation_status(true).await {
        Ok(order) => println!("{}", order.status),
        Err(Error::Api(api)) if api.status.as_u16() == 404 => {
            let codes: Vec<&str> = api.body.iter().flat_map(|b| &b.errors).map(|e| e.code.as_str()).collect();
            println!("not found: {codes:?}");
        }
        Err(error) if error.is_retryable() => println!("try later: {error}"),
        Err(error) => return Err(error.into()),
    }
    let _reissues = client.list_reissues(12345).await?;
    Ok(())
}

/// `Error` alone names the error of every operation (they share `ErrorResponse`), and the
/// generic spelling still works.
async fn issued(client: &Client, order_id: i64) -> Result<Vec<String>, Error> {
    let answer = client.list_duplicates(order_id).await?;
    Ok(answer.certificates.into_iter().map(|c| c.common_name).collect())
}

async fn spelled_out(
    client: &Client,
) -> Result<(), Error<digicert_certcentral::types::ErrorResponse>> {
    client.list_reissues(1).await.map(|_| ())
}

fn main() {
    let _ = (issued, spelled_out);
    let _ = use_client;
}
