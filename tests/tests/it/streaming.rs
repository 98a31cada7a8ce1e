//! Answers read as they arrive, on loopback: a 20 MB download in bounded chunks past the
//! buffered-body limit, a stalled stream ending in a typed error, server-sent events and JSON
//! lines decoded item by item (keep-alives skipped, a malformed item one error), and the mock
//! answering each.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::goldens::responses as api;

fn client(uri: &str) -> api::Client {
    api::Client::builder()
        .base_url(uri)
        .allow_insecure_http(true)
        .retry_policy(api::RetryPolicy::disabled())
        .stall_timeout(Duration::from_millis(300))
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_20_mb_download_streams_in_bounded_chunks_past_the_body_limit() {
    const SIZE: usize = 20 * 1024 * 1024;
    let body: Vec<u8> = (0..SIZE).map(|i| (i % 251) as u8).collect();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/download"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/octet-stream"))
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let error = client
        .download_file()
        .await
        .expect_err("over the 8 MiB buffered limit");
    assert!(
        matches!(error, api::Error::BodyTooLarge { .. }),
        "{error:?}"
    );

    let answer = client
        .download_file()
        .send_stream()
        .await
        .expect("the head");
    assert_eq!(answer.status, 200);
    let mut stream = answer.body;
    let (mut total, mut largest, mut position_ok) = (0usize, 0usize, true);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.expect("a chunk");
        position_ok &= chunk
            .iter()
            .enumerate()
            .all(|(i, b)| *b == ((total + i) % 251) as u8);
        largest = largest.max(chunk.len());
        total += chunk.len();
    }
    assert_eq!(total, SIZE);
    assert!(position_ok, "every byte in place");
    assert!(
        largest <= 1024 * 1024,
        "one chunk at a time, each small: {largest}"
    );
}

/// A server that sends its head and a first chunk, then nothing: the stream gives the chunk,
/// then `StreamError::Stalled` after the stall timeout, not a hang.
#[tokio::test]
async fn a_stalled_stream_ends_with_a_typed_error_in_time() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        let mut request = [0u8; 4096];
        let _ = tokio::io::AsyncReadExt::read(&mut socket, &mut request).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: 1000\r\n\r\n";
        socket.write_all(head.as_bytes()).await.expect("head");
        socket.write_all(&[7u8; 10]).await.expect("first bytes");
        socket.flush().await.expect("flush");
        tokio::time::sleep(Duration::from_secs(10)).await;
    });
    let client = client(&format!("http://{address}"));
    let mut stream = client
        .download_file()
        .send_stream()
        .await
        .expect("the head")
        .body;
    let first = stream
        .next()
        .await
        .expect("an item")
        .expect("the first bytes");
    assert_eq!(&first[..], &[7u8; 10]);
    let started = Instant::now();
    let error = stream.next().await.expect("an item").expect_err("stalls");
    assert!(
        matches!(error, api::StreamError::Stalled { after } if after == Duration::from_millis(300)),
        "{error}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(
        stream.next().await.is_none(),
        "the stream ends after the error"
    );
}

/// 1,000 events with a keep-alive comment, an event without data and a malformed one among
/// them: 1,000 items and one decode error, in order, the stream going on after it.
#[tokio::test]
async fn server_sent_events_decode_one_by_one() {
    let mut body = String::from("retry: 2500\n\n");
    for i in 0..1000 {
        if i == 400 {
            body.push_str(": keep-alive\n\n");
            body.push_str("event: ping\n\n");
        }
        if i == 700 {
            body.push_str("data: {not json\n\n");
        }
        body.push_str(&format!(
            "event: update\r\nid: {i}\r\ndata: {{\"id\": {i},\r\ndata: \"name\": \"n{i}\"}}\r\n\r\n"
        ));
    }
    let server = MockServer::start().await;
    Mock::given(path("/stream"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(body.into_bytes(), "text/event-stream"),
        )
        .mount(&server)
        .await;
    let events: Vec<_> = client(&server.uri())
        .stream_items()
        .await
        .expect("the head")
        .collect()
        .await;
    assert_eq!(events.len(), 1001);
    let ids: Vec<i64> = events
        .iter()
        .filter_map(|e| e.as_ref().ok())
        .map(|e| e.data.id.expect("an id"))
        .collect();
    assert_eq!(ids, (0..1000).collect::<Vec<_>>());
    let failed: Vec<usize> = events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.is_err())
        .map(|(i, _)| i)
        .collect();
    assert_eq!(failed, [700]);
    assert!(
        matches!(&events[700], Err(api::StreamError::Decode { data, .. }) if data == "{not json")
    );
    let last = events[1000].as_ref().expect("the last event");
    assert_eq!(
        (last.event.as_deref(), last.id.as_deref()),
        (Some("update"), Some("999"))
    );
    assert_eq!(last.data.name.as_deref(), Some("n999"));
}

#[tokio::test]
async fn json_lines_decode_one_by_one() {
    let mut body = String::new();
    for i in 0..1000 {
        if i == 500 {
            body.push_str("\n{\"id\": \"not a number\"}\n");
        }
        body.push_str(&format!("{{\"id\": {i}}}\n"));
    }
    let server = MockServer::start().await;
    Mock::given(path("/export"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(body.into_bytes(), "application/x-ndjson"),
        )
        .mount(&server)
        .await;
    let items: Vec<_> = client(&server.uri())
        .export_items()
        .await
        .expect("the head")
        .collect()
        .await;
    assert_eq!(items.len(), 1001, "the blank line is skipped");
    assert!(items[500].is_err());
    let ids: Vec<i64> = items
        .iter()
        .filter_map(|i| i.as_ref().ok())
        .map(|i| i.id.expect("id"))
        .collect();
    assert_eq!(ids, (0..1000).collect::<Vec<_>>());
}

/// The mock answers with bytes, events and lines, which the client reads back.
#[tokio::test]
async fn the_mock_answers_with_bytes_events_and_lines() {
    let mock = api::mock::MockApi::start().await;
    let item = |id| api::types::Item {
        id: Some(id),
        name: None,
    };
    mock.download_file()
        .respond_bytes("application/octet-stream", vec![0u8, 255, 1])
        .await;
    mock.stream_items()
        .respond_events(&[item(1), item(2)])
        .await;
    mock.export_items().respond_lines(&[item(3)]).await;
    let client = mock.client();
    let bytes = client
        .download_file()
        .send_stream()
        .await
        .expect("head")
        .body;
    assert_eq!(bytes.collect_bytes().await.expect("bytes"), [0u8, 255, 1]);
    let events: Vec<i64> = client
        .stream_items()
        .await
        .expect("head")
        .map(|e| e.expect("event").data.id.expect("id"))
        .collect()
        .await;
    assert_eq!(events, [1, 2]);
    let lines: Vec<_> = client.export_items().await.expect("head").collect().await;
    assert_eq!(lines.len(), 1);
}

/// An octet-stream body sent from a stream arrives whole; sent once, it is not retried, where
/// the same body from bytes is.
#[tokio::test]
async fn a_streamed_upload_arrives_whole_and_is_never_retried() {
    use crate::goldens::bodies;
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/raw"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/raw"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = bodies::Client::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .retry_policy(
            bodies::RetryPolicy::default()
                .initial_delay(Duration::from_millis(1))
                .max_delay(Duration::from_millis(2)),
        )
        .build()
        .expect("client");
    let chunks = || {
        futures_util::stream::iter(
            [b"first ".as_slice(), b"second ", &[0u8, 255]]
                .map(|c| Ok::<_, std::io::Error>(bytes::Bytes::copy_from_slice(c))),
        )
    };
    let error = client
        .put_raw(bodies::Payload::stream(chunks()))
        .await
        .expect_err("a streamed body is sent once: the 503 stands");
    assert!(
        matches!(error, bodies::Error::Api(ref e) if e.status == 503),
        "{error:?}"
    );
    client
        .put_raw(bodies::Payload::stream(chunks()))
        .await
        .expect("stored");
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 2);
    assert_eq!(received[1].body, b"first second \x00\xff");
    // Bytes can be sent again: a 503 is retried.
    server.reset().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    client
        .put_raw(b"bytes".to_vec())
        .await
        .expect("retried after the 503");
}
