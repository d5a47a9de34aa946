//! `cargo xtask corpus DIR`: generate and compile a client for every spec in
//! a directory of real-world specs, one row per spec (with its warning count),
//! then `N passed, N failed`. A spec passes when its client compiles; a
//! refusal passes only when the text is not JSON/YAML or not an API
//! description at all.

mod compile;
pub(crate) mod discover;
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
use generator::{Config, ErrorKind, Options, Warning};

use crate::fetch::Fetcher;
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
    /// `strict`: a spec with warnings is refused (and fails).
    pub options: Options,
    /// List each warning under its row.
    pub show_warnings: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// Generated; compiling was skipped.
    Generated,
    /// The generator refused; `true` when rightly so (the text is not
    /// JSON/YAML, or not an API description).
    Refused(String, bool),
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
    /// What the generator assumed reading the spec.
    pub warnings: Vec<Warning>,
}

impl Row {
    pub fn passed(&self) -> bool {
        match self.outcome {
            Outcome::Ok | Outcome::Generated => true,
            Outcome::Refused(_, rightly) => rightly,
            Outcome::CompileError(_) | Outcome::Panic(_) | Outcome::Unreadable(_) => false,
        }
    }
}

pub struct CorpusReport {
    pub rows: Vec<Row>,
    pub show_warnings: bool,
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

    pub fn warnings(&self) -> usize {
        self.rows.iter().map(|row| row.warnings.len()).sum()
    }

    /// Warnings without a JSON pointer (`#…`, or `file#…` for another file of
    /// a multi-file spec): each must say where its fault is.
    pub fn unlocated_warnings(&self) -> Vec<(&str, &Warning)> {
        self.rows
            .iter()
            .flat_map(|row| {
                row.warnings
                    .iter()
                    .map(move |w| (row.spec.relative.as_str(), w))
            })
            .filter(|(_, warning)| !warning.location.contains('#'))
            .collect()
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
    Ok(CorpusReport {
        rows,
        show_warnings: options.show_warnings,
    })
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
                    let row = generate_one(spec, options);
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

fn generate_one(spec: &CorpusSpec, options: &CorpusOptions) -> Row {
    let work_dir = &options.work_dir;
    let row = |operations, millis, outcome| Row {
        spec: spec.clone(),
        operations,
        millis,
        outcome,
        warnings: Vec::new(),
    };
    let text = match fs::read(&spec.path).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(err)) => return row(None, 0, Outcome::Unreadable(format!("not UTF-8: {err}"))),
        Err(err) => return row(None, 0, Outcome::Unreadable(err.to_string())),
    };
    let config = Config::named(&spec.crate_name);
    let location = spec.path.display().to_string();
    // Relative `$ref`s to other files of a multi-file spec resolve from its path.
    let source = generator::SpecSource::at(&text, &location, &Fetcher);
    let started = Instant::now();
    let generation = guard::generate(&source, &config, &options.options);
    let millis = started.elapsed().as_millis();
    match generation {
        Generation::Generated(generated) => {
            let operations = Some(generated.summary.operations.len());
            let crate_dir = work_dir.join(&spec.crate_name);
            let mut row = match tree::sync_tree(&crate_dir, &generated.files) {
                Ok(_) => row(operations, millis, Outcome::Generated),
                Err(err) => row(operations, millis, Outcome::Unreadable(format!("{err:#}"))),
            };
            row.warnings = generated.warnings;
            row
        }
        Generation::Refused(error) => {
            let rightly = matches!(error.kind, ErrorKind::Unreadable | ErrorKind::NotOpenApi);
            row(None, millis, Outcome::Refused(error.to_string(), rightly))
        }
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
            Outcome::Refused(message, _) => format!("refused: {}", one_line(message)),
            Outcome::CompileError(message) => format!("compile error: {}", one_line(message)),
            Outcome::Panic(message) => format!("PANIC: {}", one_line(message)),
            Outcome::Unreadable(message) => format!("unreadable: {}", one_line(message)),
        };
        write!(
            f,
            "{verdict} {:<58} {operations:>5} ops {:>7} ms {:>4} warnings  {outcome}",
            self.spec.relative,
            self.millis,
            self.warnings.len()
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
            if self.show_warnings {
                for warning in &row.warnings {
                    writeln!(
                        f,
                        "    {}: {}",
                        warning.location,
                        one_line(&warning.message)
                    )?;
                }
            }
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
        let with_warnings = self
            .rows
            .iter()
            .filter(|row| !row.warnings.is_empty())
            .count();
        write!(
            f,
            "{} passed, {} failed; {} warnings in {with_warnings} specs",
            self.passed(),
            self.failed(),
            self.warnings()
        )
    }
}
