//! `cargo xtask corpus DIR`: generate and compile a client for every spec in
//! a directory of real-world specs, one row per spec, then `N passed, N failed`.

mod compile;
mod discover;
mod guard;

use std::{
    fmt, fs,
    path::{Path, PathBuf},
    sync::{
        Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::Instant,
};

use anyhow::{Context, Result};
use generator::Config;

use crate::tree;
use compile::Compiled;
use discover::CorpusSpec;
use guard::Generation;

/// Longest message kept in a row, so the table stays readable.
const MAX_MESSAGE_CHARS: usize = 160;

pub struct CorpusOptions {
    pub dir: PathBuf,
    pub jobs: usize,
    pub filter: Option<String>,
    /// Where the generated crates go (`target/corpus`).
    pub work_dir: PathBuf,
    /// The shared cargo target directory (`target/corpus-target`).
    pub target_dir: PathBuf,
    /// Lockfile the throwaway workspace starts from.
    pub lockfile_seed: PathBuf,
    pub compile: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// Generated; compiling was skipped.
    Generated,
    Refused(String),
    CompileError(String),
    Panic(String),
    Unreadable(String),
}

#[derive(Debug, Clone)]
pub struct Row {
    pub spec: CorpusSpec,
    pub operations: Option<usize>,
    pub millis: u128,
    pub outcome: Outcome,
}

impl Row {
    pub fn passed(&self) -> bool {
        match self.outcome {
            Outcome::Ok | Outcome::Generated => true,
            Outcome::Refused(_) => self.spec.refusal_expected,
            Outcome::CompileError(_) | Outcome::Panic(_) | Outcome::Unreadable(_) => false,
        }
    }
}

pub struct CorpusReport {
    pub rows: Vec<Row>,
}

impl CorpusReport {
    pub fn passed(&self) -> usize {
        self.rows.iter().filter(|row| row.passed()).count()
    }

    pub fn failed(&self) -> usize {
        self.rows.len() - self.passed()
    }

    pub fn panics(&self) -> usize {
        let panicked = |row: &&Row| matches!(row.outcome, Outcome::Panic(_));
        self.rows.iter().filter(panicked).count()
    }
}

pub fn run(options: &CorpusOptions) -> Result<CorpusReport> {
    let specs = discover::discover(&options.dir, options.filter.as_deref())?;
    eprintln!(
        "generating {} specs with {} jobs…",
        specs.len(),
        options.jobs
    );
    let started = Instant::now();
    let mut rows = generate_all(&specs, options)?;
    eprintln!("generated in {:.1}s", started.elapsed().as_secs_f64());

    if options.compile {
        let generated: Vec<String> = rows
            .iter()
            .filter(|row| row.outcome == Outcome::Generated)
            .map(|row| row.spec.crate_name.clone())
            .collect();
        eprintln!("cargo check of {} crates…", generated.len());
        let started = Instant::now();
        let compiled = compile::check_crates(
            &options.work_dir,
            &options.target_dir,
            &generated,
            options.jobs,
            &options.lockfile_seed,
        );
        eprintln!("checked in {:.1}s", started.elapsed().as_secs_f64());
        for row in rows
            .iter_mut()
            .filter(|row| row.outcome == Outcome::Generated)
        {
            row.outcome = match &compiled {
                Ok(results) => match results.get(&row.spec.crate_name) {
                    Some(Compiled::Ok) => Outcome::Ok,
                    Some(Compiled::Error(error)) => Outcome::CompileError(error.clone()),
                    None => Outcome::CompileError("not checked".to_owned()),
                },
                Err(err) => Outcome::CompileError(format!("{err:#}")),
            };
        }
    }
    Ok(CorpusReport { rows })
}

/// Generates every spec on `options.jobs` threads and writes each crate as
/// soon as it is generated, so only one crate per thread is held in memory.
fn generate_all(specs: &[CorpusSpec], options: &CorpusOptions) -> Result<Vec<Row>> {
    let next = AtomicUsize::new(0);
    let rows = Mutex::new(Vec::with_capacity(specs.len()));
    let _capture = guard::PanicCapture::install();
    std::thread::scope(|scope| {
        for _ in 0..options.jobs.max(1) {
            scope.spawn(|| {
                while let Some(spec) = specs.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let row = generate_one(spec, &options.work_dir);
                    if let Ok(mut rows) = rows.lock() {
                        rows.push(row);
                    }
                }
            });
        }
    });
    let mut rows = rows
        .into_inner()
        .map_err(|_| anyhow::anyhow!("a corpus worker thread panicked"))?;
    rows.sort_by(|a, b| a.spec.relative.cmp(&b.spec.relative));
    Ok(rows)
}

fn generate_one(spec: &CorpusSpec, work_dir: &Path) -> Row {
    let row = |operations, millis, outcome| Row {
        spec: spec.clone(),
        operations,
        millis,
        outcome,
    };
    let text = match fs::read(&spec.path).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(err)) => return row(None, 0, Outcome::Unreadable(format!("not UTF-8: {err}"))),
        Err(err) => return row(None, 0, Outcome::Unreadable(err.to_string())),
    };
    let config = Config::named(&spec.crate_name);
    let started = Instant::now();
    let generation = guard::generate(&text, &config);
    let millis = started.elapsed().as_millis();
    match generation {
        Generation::Generated(generated) => {
            let operations = Some(generated.summary.operations.len());
            let crate_dir = work_dir.join(&spec.crate_name);
            match tree::sync_tree(&crate_dir, &generated.files) {
                Ok(_) => row(operations, millis, Outcome::Generated),
                Err(err) => row(operations, millis, Outcome::Unreadable(format!("{err:#}"))),
            }
        }
        Generation::Refused(error) => row(None, millis, Outcome::Refused(error.to_string())),
        Generation::Panicked(message) => row(None, millis, Outcome::Panic(message)),
    }
}

/// A baseline file holds the minimum passed count (comments start with `#`).
pub fn read_baseline(path: &Path) -> Result<usize> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let number = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .unwrap_or("0");
    number
        .parse()
        .with_context(|| format!("{}: expected a number, found {number:?}", path.display()))
}

impl fmt::Display for Row {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = if self.passed() { "PASS" } else { "FAIL" };
        let operations = self
            .operations
            .map_or_else(|| "-".to_owned(), |count| count.to_string());
        let outcome = match &self.outcome {
            Outcome::Ok => "ok".to_owned(),
            Outcome::Generated => "generated (not compiled)".to_owned(),
            Outcome::Refused(message) => format!("refused: {}", one_line(message)),
            Outcome::CompileError(message) => format!("compile error: {}", one_line(message)),
            Outcome::Panic(message) => format!("PANIC: {}", one_line(message)),
            Outcome::Unreadable(message) => format!("unreadable: {}", one_line(message)),
        };
        write!(
            f,
            "{verdict} {:<58} {operations:>5} ops {:>7} ms  {outcome}",
            self.spec.relative, self.millis
        )
    }
}

fn one_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or("").trim();
    if line.chars().count() > MAX_MESSAGE_CHARS {
        let cut: String = line.chars().take(MAX_MESSAGE_CHARS).collect();
        format!("{cut}…")
    } else {
        line.to_owned()
    }
}

impl fmt::Display for CorpusReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for row in &self.rows {
            writeln!(f, "{row}")?;
        }
        let panicked = self
            .rows
            .iter()
            .filter(|row| matches!(row.outcome, Outcome::Panic(_)));
        for row in panicked {
            writeln!(f, "\nGENERATOR PANIC on {}:", row.spec.relative)?;
            if let Outcome::Panic(message) = &row.outcome {
                writeln!(f, "  {message}")?;
            }
        }
        write!(f, "{} passed, {} failed", self.passed(), self.failed())
    }
}
