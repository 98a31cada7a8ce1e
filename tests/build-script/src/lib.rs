//! A client generated at build time from `codegen.toml` (see `build.rs`).

include!(concat!(env!("OUT_DIR"), "/split_pets.rs"));

pub use split_pets::{Client, types};

#[cfg(test)]
mod tests {
    use wiremock::matchers::{method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    /// The module generated at build time is a working client: it calls a loopback server and
    /// decodes the answer; the excluded operation is not there (`create_pet` would not compile).
    #[tokio::test]
    async fn the_client_generated_at_build_time_calls_its_api() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/owners"))
            .and(query_param("limit", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([
                {"name": "Ada", "pets": [{"id": "p1", "name": "Rex", "tag": "dog"}]}
            ])))
            .expect(1)
            .mount(&server)
            .await;
        let client = crate::Client::builder()
            .base_url(server.uri())
            .allow_insecure_http(true)
            .build()
            .expect("client builds");
        let owners = client.list_owners().limit(2).await.expect("answer");
        assert_eq!(owners[0].name.as_deref(), Some("Ada"));
        assert_eq!(owners[0].pets[0].tag, Some(crate::types::Tag::Dog));
    }
}
