//! Where rustc's time went, from a `-Z self-profile` trace: self time (the
//! time of each query minus the queries it called) summed by query, then by
//! query and the last path segment of the item it was asked about, so that
//! e.g. `typeck` of every `visit_map` adds up to one line.
//!
//! ```sh
//! cd bench/out/ours/github && touch src/lib.rs && CARGO_TARGET_DIR=../../target RUSTC_BOOTSTRAP=1 \
//!   CARGO_INCREMENTAL=0 cargo rustc -q --offline --lib --profile check -- \
//!   -Zself-profile=/tmp/prof -Zself-profile-events=default,args
//! cargo run --release --manifest-path bench/self-profile/Cargo.toml -- /tmp/prof/<crate>-<pid>
//! ```
//!
//! Recording the item names costs time of its own (the
//! `self_profile_alloc_query_strings` line): compare shares, not seconds.

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

use analyzeme::{EventPayload, ProfilingData, Timestamp};

struct Interval {
    start: u64,
    end: u64,
    query: String,
    item: String,
}

fn main() -> ExitCode {
    let Some(trace) = std::env::args().nth(1) else {
        eprintln!("usage: self-profile <trace path without .mm_profdata>");
        return ExitCode::FAILURE;
    };
    let data = match ProfilingData::new(Path::new(&trace)) {
        Ok(data) => data,
        Err(error) => {
            eprintln!("cannot read {trace}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut intervals: Vec<Interval> = data
        .iter_full()
        .filter_map(|event| match event.payload {
            EventPayload::Timestamp(Timestamp::Interval { start, end }) => Some(Interval {
                start: nanos(start),
                end: nanos(end),
                query: event.label.to_string(),
                item: event
                    .additional_data
                    .first()
                    .map(|arg| last_segment(arg))
                    .unwrap_or_default(),
            }),
            _ => None,
        })
        .collect();
    // Outer intervals before the ones they contain.
    intervals.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut own = vec![0u64; intervals.len()];
    let mut open: Vec<usize> = Vec::new();
    for (index, interval) in intervals.iter().enumerate() {
        while open.last().is_some_and(|&outer| intervals[outer].end <= interval.start) {
            open.pop();
        }
        let length = interval.end - interval.start;
        own[index] = length;
        if let Some(&outer) = open.last() {
            own[outer] = own[outer].saturating_sub(length);
        }
        open.push(index);
    }
    let mut by_query: HashMap<&str, u64> = HashMap::new();
    let mut by_item: HashMap<(&str, &str), u64> = HashMap::new();
    for (interval, own) in intervals.iter().zip(&own) {
        *by_query.entry(&interval.query).or_default() += own;
        *by_item.entry((&interval.query, &interval.item)).or_default() += own;
    }
    let total: u64 = by_query.values().sum();
    println!("self time in all: {:.3} s", seconds(total));
    print_top("query", by_query.into_iter().map(|(q, t)| (q.to_owned(), t)), total, 30);
    print_top(
        "query | item",
        by_item.into_iter().map(|((q, i), t)| (format!("{q} | {i}"), t)),
        total,
        50,
    );
    ExitCode::SUCCESS
}

fn print_top(title: &str, rows: impl Iterator<Item = (String, u64)>, total: u64, count: usize) {
    let mut rows: Vec<(String, u64)> = rows.collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    println!("\n{:>9} {:>6}  {title}", "seconds", "share");
    for (name, time) in rows.into_iter().take(count) {
        println!("{:>9.3} {:>5.1}%  {name}", seconds(time), time as f64 * 100.0 / total as f64);
    }
}

/// `types::Foo::visit_map` → `visit_map`; an impl of a trait → `impl Trait`.
fn last_segment(path: &str) -> String {
    if let Some(at) = path.find(" as ") {
        let rest = &path[at + 4..];
        let name = rest[..rest.find('>').unwrap_or(rest.len())].split('<').next().unwrap_or(rest);
        return format!("impl {name}");
    }
    path.rsplit("::").next().unwrap_or(path).to_owned()
}

fn nanos(time: std::time::SystemTime) -> u64 {
    time.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64)
}

fn seconds(nanos: u64) -> f64 {
    nanos as f64 / 1e9
}
