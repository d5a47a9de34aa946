//! Request overhead of the generated client (`actuallycare`) against the same
//! request written by hand with reqwest + serde_json, both against a local
//! HTTP/1.1 server on 127.0.0.1 (an ephemeral port; nothing else is contacted).
//!
//! Groups (criterion ids are `<group>/<function>`):
//! - `get_listing`: one `GET /v1/listings/{id}`
//!     - `generated`: `client.listings().get(id).send()`
//!     - `raw_typed`: reqwest GET + `serde_json` into the same `Listing` type (through the envelope)
//!     - `raw_value`: reqwest GET + `serde_json::Value`
//! - `paginate_10k`: 10,000 listings in 100 pages of 100
//!     - `generated`: `client.listings().list().limit(100).stream()` drained
//!     - `raw_typed`: a hand-written page loop (`?page=N&limit=100` until `hasMore` is false)
//!
//! Run: `cargo bench -p bench --bench request_overhead` (then `bench/request-overhead.sh`
//! prints the ratios from criterion's estimates).
//!
//! The server thread has its own single-threaded tokio runtime; the client side
//! runs on another single-threaded runtime (criterion's `to_async`). On the
//! 2-core benchmark machine that is one core each.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use futures_util::TryStreamExt as _;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

const TOTAL_ITEMS: usize = 10_000;
const PAGE_SIZE: usize = 100;
const API_KEY: &str = "ak_bench_0123456789";
const LISTING_ID: &str = "5f0c8a52-6a3e-4c8e-9a55-2f4f1f2b6a10";

fn listing_json(i: usize) -> serde_json::Value {
    serde_json::json!({
        "id": format!("5f0c8a52-6a3e-4c8e-9a55-{i:012x}"),
        "address": format!("{i} Oak Ave, Tehachapi, CA 93561"),
        "status": "active",
        "list_price": 450000 + i,
        "bedrooms": 3,
        "bathrooms": 2.5,
        "square_feet": 1850,
        "description": "Single-family home with a view of the mountains.",
        "mls_number": format!("SR{i:08}"),
        "listing_date": "2025-06-01",
        "created_at": "2025-06-01T12:00:00Z",
        "updated_at": "2025-06-02T08:30:00Z"
    })
}

fn envelope(data: serde_json::Value) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "success": true,
        "data": data,
        "timestamp": "2025-06-02T08:30:00.000Z"
    }))
    .unwrap()
}

/// Pre-rendered response bodies, so the server does no JSON work per request.
struct Bodies {
    one: Vec<u8>,
    pages: Vec<Vec<u8>>,
}

impl Bodies {
    fn new() -> Self {
        let mut one = listing_json(0);
        one["id"] = LISTING_ID.into();
        let page_count = TOTAL_ITEMS / PAGE_SIZE;
        let pages = (0..page_count)
            .map(|p| {
                let items: Vec<_> = (p * PAGE_SIZE..(p + 1) * PAGE_SIZE)
                    .map(listing_json)
                    .collect();
                envelope(serde_json::json!({
                    "listings": items,
                    "meta": {
                        "page": p + 1,
                        "limit": PAGE_SIZE,
                        "total": TOTAL_ITEMS,
                        "totalPages": page_count,
                        "hasMore": p + 1 < page_count
                    }
                }))
            })
            .collect();
        Bodies {
            one: envelope(one),
            pages,
        }
    }

    fn route(&self, target: &str) -> (&'static str, &[u8]) {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        if path.ends_with("/listings") {
            let page: usize = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("page="))
                .and_then(|v| v.parse().ok())
                .unwrap_or(1);
            match self.pages.get(page.wrapping_sub(1)) {
                Some(body) => ("200 OK", body),
                None => ("404 Not Found", b"{}"),
            }
        } else if path.ends_with(&format!("/listings/{LISTING_ID}")) {
            ("200 OK", &self.one)
        } else {
            ("404 Not Found", b"{}")
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A minimal keep-alive HTTP/1.1 server: enough for GETs with `Content-Length` responses.
async fn serve_connection(mut stream: tokio::net::TcpStream, bodies: Arc<Bodies>) {
    let _ = stream.set_nodelay(true);
    let mut buf = Vec::with_capacity(8192);
    let mut chunk = [0u8; 8192];
    let mut out = Vec::with_capacity(64 * 1024);
    loop {
        let head_end = loop {
            if let Some(i) = find(&buf, b"\r\n\r\n") {
                break i + 4;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let content_length: usize = head
            .lines()
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse().ok())?
            })
            .unwrap_or(0);
        while buf.len() < head_end + content_length {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        buf.drain(..head_end + content_length);
        let target = head.split(' ').nth(1).unwrap_or("/");
        let (status, body) = bodies.route(target);
        out.clear();
        out.extend_from_slice(
            format!(
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                body.len()
            )
            .as_bytes(),
        );
        out.extend_from_slice(body);
        if stream.write_all(&out).await.is_err() {
            return;
        }
    }
}

/// Starts the server on its own thread and runtime; returns its address (127.0.0.1 only).
fn start_server() -> SocketAddr {
    let bodies = Arc::new(Bodies::new());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            loop {
                let (stream, _) = listener.accept().await.unwrap();
                tokio::spawn(serve_connection(stream, bodies.clone()));
            }
        });
    });
    rx.recv().unwrap()
}

/// The success envelope, written by hand the way a raw-reqwest user would.
#[derive(serde::Deserialize)]
struct Envelope<T> {
    data: T,
}

fn benches(c: &mut Criterion) {
    let addr = start_server();
    let base = format!("http://{addr}/v1");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let id: uuid::Uuid = LISTING_ID.parse().unwrap();

    let client = actuallycare::Client::builder()
        .base_url(&base)
        .api_key(API_KEY)
        .build()
        .unwrap();
    let raw = reqwest::Client::builder().build().unwrap();

    // Sanity: both sides decode the same thing before anything is timed.
    rt.block_on(async {
        let a = client.listings().get(id).send().await.unwrap();
        let b: Envelope<actuallycare::types::Listing> = raw
            .get(format!("{base}/listings/{LISTING_ID}"))
            .header("X-API-Key", API_KEY)
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(a, b.data);
        let n = client
            .listings()
            .list()
            .limit(PAGE_SIZE as i64)
            .stream()
            .try_fold(0usize, |n, _| async move { Ok(n + 1) })
            .await
            .unwrap();
        assert_eq!(n, TOTAL_ITEMS);
    });

    let mut group = c.benchmark_group("get_listing");
    group.throughput(Throughput::Elements(1));
    group.bench_function("generated", |b| {
        b.to_async(&rt).iter(|| async {
            let listing = client.listings().get(id).send().await.unwrap();
            std::hint::black_box(listing);
        })
    });
    group.bench_function("raw_typed", |b| {
        b.to_async(&rt).iter(|| async {
            let response = raw
                .get(format!("{base}/listings/{LISTING_ID}"))
                .header("X-API-Key", API_KEY)
                .send()
                .await
                .unwrap()
                .error_for_status()
                .unwrap();
            let body: Envelope<actuallycare::types::Listing> = response.json().await.unwrap();
            std::hint::black_box(body.data);
        })
    });
    group.bench_function("raw_value", |b| {
        b.to_async(&rt).iter(|| async {
            let response = raw
                .get(format!("{base}/listings/{LISTING_ID}"))
                .header("X-API-Key", API_KEY)
                .send()
                .await
                .unwrap()
                .error_for_status()
                .unwrap();
            let body: serde_json::Value = response.json().await.unwrap();
            std::hint::black_box(body);
        })
    });
    group.finish();

    let mut group = c.benchmark_group("paginate_10k");
    group.throughput(Throughput::Elements(TOTAL_ITEMS as u64));
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("generated", |b| {
        b.to_async(&rt).iter(|| async {
            let count = client
                .listings()
                .list()
                .limit(PAGE_SIZE as i64)
                .stream()
                .try_fold(0usize, |n, listing| async move {
                    std::hint::black_box(listing);
                    Ok(n + 1)
                })
                .await
                .unwrap();
            assert_eq!(count, TOTAL_ITEMS);
        })
    });
    group.bench_function("raw_typed", |b| {
        b.to_async(&rt).iter(|| async {
            let mut count = 0usize;
            let mut page = 1i64;
            loop {
                let response = raw
                    .get(format!("{base}/listings"))
                    .query(&[("page", page), ("limit", PAGE_SIZE as i64)])
                    .header("X-API-Key", API_KEY)
                    .send()
                    .await
                    .unwrap()
                    .error_for_status()
                    .unwrap();
                let body: Envelope<actuallycare::types::ListingList> =
                    response.json().await.unwrap();
                for listing in body.data.listings {
                    std::hint::black_box(listing);
                    count += 1;
                }
                if !body.data.meta.has_more {
                    break;
                }
                page += 1;
            }
            assert_eq!(count, TOTAL_ITEMS);
        })
    });
    group.finish();
}

criterion_group!(request_overhead, benches);
criterion_main!(request_overhead);
