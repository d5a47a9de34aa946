//! Decoding speed of the generated models' written-out `Deserialize`
//! (`runtime::de`) against serde's derive, which they replaced to cut compile
//! time (BENCHMARKS.md §2). Both decode the same JSON with serde_json into the
//! same field types: `actuallycare::types::Listing`, and a twin of it with
//! `#[derive(Deserialize)]` and the attributes the generator used to emit.
//!
//! Groups: `listings_1k/{written_out,derived}`, 1,000 listings in one array
//! whose objects list their keys in neither declaration nor name order.
//!
//! Run: `cargo bench -p bench --bench decode`.

use actuallycare::types::{Listing, ListingStatus};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde::{Deserialize, Deserializer};

/// `runtime::double_option`'s decoding, which the derive used for optional
/// nullable fields.
fn double_option<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

#[allow(dead_code, reason = "decoded, never read")]
#[derive(Deserialize)]
struct DerivedListing {
    address: String,
    #[serde(default, deserialize_with = "double_option")]
    bathrooms: Option<Option<f64>>,
    #[serde(default, deserialize_with = "double_option")]
    bedrooms: Option<Option<i64>>,
    #[serde(default)]
    created_at: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default, deserialize_with = "double_option")]
    description: Option<Option<String>>,
    id: uuid::Uuid,
    list_price: f64,
    #[serde(default, deserialize_with = "double_option")]
    listing_date: Option<Option<chrono::NaiveDate>>,
    #[serde(default, deserialize_with = "double_option")]
    mls_number: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    square_feet: Option<Option<i64>>,
    status: ListingStatus,
    #[serde(default)]
    updated_at: Option<chrono::DateTime<chrono::Utc>>,
}

const LISTING: &str = r#"{"id":"6f1c8f4e-2b1a-4c1e-9a8e-1a2b3c4d5e6f","address":"1 Main St","list_price":500000,"bathrooms":2.5,"bedrooms":3,"description":"Sunny","listing_date":"2026-11-30","mls_number":"M1","square_feet":1800,"status":"active","created_at":"2026-11-30T10:00:00Z","updated_at":"2026-11-30T10:00:00Z"}"#;

fn benches(c: &mut Criterion) {
    let json = format!("[{}]", vec![LISTING; 1_000].join(","));
    // Both sides must decode it, or the comparison means nothing.
    assert_eq!(
        serde_json::from_str::<Vec<Listing>>(&json).unwrap().len(),
        1_000
    );
    assert_eq!(
        serde_json::from_str::<Vec<DerivedListing>>(&json)
            .unwrap()
            .len(),
        1_000
    );
    let mut group = c.benchmark_group("listings_1k");
    group.throughput(Throughput::Elements(1_000));
    group.bench_function("written_out", |b| {
        b.iter(|| serde_json::from_str::<Vec<Listing>>(std::hint::black_box(&json)).unwrap())
    });
    group.bench_function("derived", |b| {
        b.iter(|| serde_json::from_str::<Vec<DerivedListing>>(std::hint::black_box(&json)).unwrap())
    });
    group.finish();
}

criterion_group!(decode, benches);
criterion_main!(decode);
