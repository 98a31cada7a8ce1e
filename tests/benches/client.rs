//! Decoding speed and client overhead, each against its baseline in the same run:
//! - `decode`: the documented samples and a 10,000-certificate List duplicates response, into the
//!   generated types and into `serde_json::Value`;
//! - `client`: requests to a local HTTP server through the generated client and through plain
//!   reqwest + serde_json (same request, same decoding), one at a time and 32 in flight.
//!
//! `cargo bench -p tests --bench client`; `scripts/bench-report.py` prints the ratios.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use digicert_certcentral::types::{ListDuplicatesResponse, ListReissuesResponse, SubaccountOrder};
use digicert_certcentral::{Client, RetryPolicy};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// `(operation id, example name, JSON bytes)` of every 200 example in the spec.
fn samples() -> Vec<(String, String, Vec<u8>)> {
    let spec: Value = yaml_serde::from_str(&tests::certcentral_spec()).expect("yaml");
    let mut found = Vec::new();
    for item in spec["paths"].as_object().expect("paths").values() {
        let op = &item["get"];
        let id = op["operationId"].as_str().expect("id").to_owned();
        let media = &op["responses"]["200"]["content"]["application/json"];
        for (name, example) in media["examples"].as_object().expect("examples") {
            let bytes = serde_json::to_vec(&example["value"]).expect("json");
            found.push((id.clone(), name.clone(), bytes));
        }
    }
    found.sort();
    found
}

/// A List duplicates response of `count` certificates, from the documented one.
fn many_certificates(count: usize) -> Vec<u8> {
    let (_, _, sample) = samples()
        .into_iter()
        .find(|(id, _, _)| id == "list_duplicates")
        .expect("a list_duplicates example");
    let sample: Value = serde_json::from_slice(&sample).expect("json");
    let template = sample["certificates"][0].clone();
    let certificates: Vec<Value> = (0..count)
        .map(|i| {
            let mut cert = template.clone();
            cert["id"] = Value::from(100_000 + i);
            cert["common_name"] = Value::from(format!("host{i}.example.com"));
            cert
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({ "certificates": certificates })).expect("json")
}

fn typed(operation: &str, bytes: &[u8]) {
    match operation {
        "list_duplicates" => drop(black_box(
            serde_json::from_slice::<ListDuplicatesResponse>(bytes).expect("decodes"),
        )),
        "list_reissues" => drop(black_box(
            serde_json::from_slice::<ListReissuesResponse>(bytes).expect("decodes"),
        )),
        _ => drop(black_box(
            serde_json::from_slice::<SubaccountOrder>(bytes).expect("decodes"),
        )),
    }
}

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode");
    let mut inputs = samples();
    inputs.push((
        "list_duplicates".to_owned(),
        "10000_certificates".to_owned(),
        many_certificates(10_000),
    ));
    for (operation, name, bytes) in &inputs {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        let label = format!("{operation}.{name}");
        group.bench_with_input(BenchmarkId::new("typed", &label), bytes, |b, bytes| {
            b.iter(|| typed(operation, black_box(bytes)))
        });
        group.bench_with_input(BenchmarkId::new("value", &label), bytes, |b, bytes| {
            b.iter(|| black_box(serde_json::from_slice::<Value>(black_box(bytes)).expect("json")))
        });
    }
    group.finish();
}

/// A minimal keep-alive HTTP/1.1 server on loopback that answers every request with `body`.
async fn serve(body: Arc<Vec<u8>>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let body = Arc::clone(&body);
            // One write per answer and no Nagle delay: the server must not be what is measured.
            let _ = socket.set_nodelay(true);
            tokio::spawn(async move {
                let mut answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                )
                .into_bytes();
                answer.extend_from_slice(&body);
                let mut buffer = vec![0u8; 16 * 1024];
                let mut pending = Vec::new();
                loop {
                    let Ok(read) = socket.read(&mut buffer).await else {
                        return;
                    };
                    if read == 0 {
                        return;
                    }
                    pending.extend_from_slice(&buffer[..read]);
                    // Requests carry no body: each ends with an empty line.
                    while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                        pending.drain(..end + 4);
                        if socket.write_all(&answer).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    format!("http://{address}")
}

const KEY: &str = "bench-key";

/// Runs `calls` requests, `in_flight` at a time, with `request`, and returns the time taken.
async fn run<F, Fut>(calls: u64, in_flight: u64, request: F) -> Duration
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..in_flight {
        let request = request.clone();
        let share = calls / in_flight + u64::from(worker < calls % in_flight);
        tasks.spawn(async move {
            for _ in 0..share {
                request().await;
            }
        });
    }
    while tasks.join_next().await.is_some() {}
    started.elapsed()
}

fn client(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let (_, _, body) = samples()
        .into_iter()
        .find(|(id, _, _)| id == "list_duplicates")
        .expect("example");
    let base = runtime.block_on(serve(Arc::new(body)));
    let generated = Client::builder()
        .base_url(&base)
        .allow_insecure_http(true)
        .dev_key(KEY)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("client");
    // The same configuration and the same request bytes as the generated client's defaults.
    let plain = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .user_agent(digicert_certcentral::USER_AGENT)
        .build()
        .expect("reqwest");
    let url = format!("{base}/order/certificate/1/duplicate");

    let generated_call = {
        let client = generated.clone();
        move || {
            let client = client.clone();
            async move {
                let answer = client.list_duplicates(1).send().await.expect("ok");
                black_box(answer);
            }
        }
    };
    let plain_call = move || {
        let (plain, url) = (plain.clone(), url.clone());
        async move {
            let response = plain
                .get(&url)
                .header("x-dc-devkey", KEY)
                .header("accept", "application/json")
                .send()
                .await
                .expect("ok");
            let bytes = response.bytes().await.expect("body");
            let answer: ListDuplicatesResponse = serde_json::from_slice(&bytes).expect("decodes");
            black_box(answer);
        }
    };

    let mut group = c.benchmark_group("client");
    group.throughput(Throughput::Elements(1));
    for in_flight in [1u64, 32, 256] {
        let (generated_call, plain_call) = (generated_call.clone(), plain_call.clone());
        group.bench_function(BenchmarkId::new("generated", in_flight), |b| {
            b.iter_custom(|calls| runtime.block_on(run(calls, in_flight, generated_call.clone())))
        });
        group.bench_function(BenchmarkId::new("reqwest", in_flight), |b| {
            b.iter_custom(|calls| runtime.block_on(run(calls, in_flight, plain_call.clone())))
        });
        // The two clients alternate within one measurement, batch by batch, so a machine that
        // slows down or speeds up during the run moves both alike; the ratio is printed.
        let totals = std::cell::Cell::new((Duration::ZERO, Duration::ZERO));
        group.bench_function(BenchmarkId::new("alternating", in_flight), |b| {
            b.iter_custom(|calls| {
                let (mut mine, mut theirs) = totals.get();
                let batch = calls.div_ceil(2).max(in_flight);
                let generated = runtime.block_on(run(batch, in_flight, generated_call.clone()));
                let plain = runtime.block_on(run(batch, in_flight, plain_call.clone()));
                mine += generated;
                theirs += plain;
                totals.set((mine, theirs));
                generated + plain
            })
        });
        let (mine, theirs) = totals.get();
        if !theirs.is_zero() {
            println!(
                "client/alternating/{in_flight}: generated / reqwest = {:.3}",
                mine.as_secs_f64() / theirs.as_secs_f64()
            );
        }
    }
    group.finish();
}

criterion_group!(benches, decode, client);
criterion_main!(benches);
