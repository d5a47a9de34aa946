//! `cargo xtask contract DIR`: a runtime contract check of generated clients
//! against two independent oracles. For every spec: generate the client, build
//! a probe program that calls every operation through it with arguments built
//! from the spec (every optional parameter set), then run it
//!
//! 1. against a recording server that parses each request with openapi-core
//!    and writes down what it read: compared value by value with the
//!    arguments, a mismatch is a value the server reads differently;
//! 2. against Prism (mock, `--errors`): a 4xx is a request violation, a 2xx
//!    the client cannot decode is a decode failure.
//!
//! One row per spec, then `N operations, N mismatches, N violations, N decode
//! failures`; every mismatch, violation and failure is listed with its cause.

mod compare;
mod empty_values;
mod example_faults;
mod install;
mod oracle_faults;
mod prism_copy;
mod prism_faults;
mod prism_prune;
mod program;
mod servers;
mod spec_faults;
mod synth;

use std::{
    collections::BTreeMap,
    fmt, fs,
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{Context, Result, bail};
use generator::model::{Api, Operation, Serialization, TypeRef};
use generator::{Config, SpecSource};
use serde_json::{Value, json};

use crate::corpus::discover::{CorpusSpec, discover};
use crate::fetch::Fetcher;
use crate::tree;
use crate::write::write_if_changed;
use compare::{PrismVerdict, Record};
use synth::Synth;

pub use install::install_openapi_core;

/// The pinned openapi-core lives in this virtualenv (`tests/contract/requirements.txt`).
pub const VENV: &str = "tools/openapi-core/venv";
pub const REQUIREMENTS: &str = "tests/contract/requirements.txt";

pub struct ContractOptions {
    pub dir: PathBuf,
    pub filter: Option<String>,
    /// The repository root (tools and the recorder script).
    pub root: PathBuf,
    /// Where the generated crates and probes go (`target/contract`).
    pub work_dir: PathBuf,
    pub target_dir: PathBuf,
    pub lockfile_seed: PathBuf,
    /// Skip the Prism pass.
    pub no_prism: bool,
}

/// One spec's result.
#[derive(Debug, Default)]
pub struct Row {
    pub spec: String,
    pub operations: usize,
    /// `(operationId, cause)` per finding.
    pub mismatches: Vec<(String, String)>,
    /// Mismatches put down to a known fault of openapi-core (see `oracle_faults.rs`).
    pub oracle_faults: Vec<(String, String)>,
    /// Violations put down to a known fault of Prism (see `prism_faults.rs`).
    pub prism_faults: Vec<(String, String)>,
    /// Mismatches put down to a fault of the spec (see `spec_faults.rs`).
    pub spec_faults: Vec<(String, String)>,
    pub violations: Vec<(String, String)>,
    pub decode_failures: Vec<(String, String)>,
    /// Prism answers that say nothing about the client (5xx), and calls not made.
    pub other: Vec<(String, String)>,
    /// Why the spec could not be checked at all.
    pub failure: Option<String>,
    /// Why Prism could not serve the spec (its pass was not made).
    pub prism_unavailable: Option<String>,
}

pub struct Report {
    pub rows: Vec<Row>,
}

impl Report {
    pub fn operations(&self) -> usize {
        self.rows.iter().map(|r| r.operations).sum()
    }
    pub fn mismatches(&self) -> usize {
        self.rows.iter().map(|r| r.mismatches.len()).sum()
    }
    pub fn violations(&self) -> usize {
        self.rows.iter().map(|r| r.violations.len()).sum()
    }
    pub fn decode_failures(&self) -> usize {
        self.rows.iter().map(|r| r.decode_failures.len()).sum()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<48} {:>5} {:>10} {:>10} {:>7} {:>6} {:>6} {:>6} {:>5}",
            "spec", "ops", "mismatches", "violations", "decode", "other", "ocore", "prism", "spec"
        )?;
        for row in &self.rows {
            match &row.failure {
                Some(failure) => writeln!(f, "{:<48} not checked: {failure}", row.spec)?,
                None => writeln!(
                    f,
                    "{:<48} {:>5} {:>10} {:>10} {:>7} {:>6} {:>6} {:>6} {:>5}",
                    row.spec,
                    row.operations,
                    row.mismatches.len(),
                    prism_count(row, row.violations.len()),
                    prism_count(row, row.decode_failures.len()),
                    row.other.len(),
                    row.oracle_faults.len(),
                    row.prism_faults.len(),
                    row.spec_faults.len()
                )?,
            }
        }
        for row in &self.rows {
            if let Some(reason) = &row.prism_unavailable {
                writeln!(
                    f,
                    "  {}: no Prism pass (violations and decode failures not checked): {reason}",
                    row.spec
                )?;
            }
            let lists = [
                ("mismatch", &row.mismatches),
                ("violation", &row.violations),
                ("decode failure", &row.decode_failures),
                ("other", &row.other),
                ("openapi-core fault", &row.oracle_faults),
                ("Prism fault", &row.prism_faults),
                ("spec fault", &row.spec_faults),
            ];
            for (kind, list) in lists {
                for (operation, cause) in list {
                    writeln!(f, "  {} {operation}: {kind}: {cause}", row.spec)?;
                }
            }
        }
        write!(
            f,
            "{} operations, {} mismatches, {} violations, {} decode failures",
            self.operations(),
            self.mismatches(),
            self.violations(),
            self.decode_failures()
        )
    }
}

/// A count of the Prism pass, `-` when it was not made.
fn prism_count(row: &Row, count: usize) -> String {
    match row.prism_unavailable {
        Some(_) => "-".to_owned(),
        None => count.to_string(),
    }
}

/// One spec made ready to run: its probe and the arguments of each call.
struct Prepared {
    spec: CorpusSpec,
    runner: String,
    /// The spec file the oracles read.
    oracle_spec: PathBuf,
    /// The one Prism reads: `oracle_spec` or a copy Prism can load ([`prism_copy`]).
    prism_spec: PathBuf,
    /// The server URL's path (`/v1`), which the oracles serve under.
    prefix: String,
    operation_ids: Vec<String>,
    /// Each operation's JSON pointer in `raw`.
    operation_pointers: Vec<String>,
    /// The document the generator read (3.0-shaped).
    raw: Value,
    /// Each operation's path template.
    templates: Vec<String>,
    /// Templates the spec has twice under different variable names.
    ambiguous: BTreeMap<String, Vec<String>>,
    /// Per operation: names its body schema requires without declaring.
    undeclared: Vec<std::collections::BTreeSet<String>>,
    /// Per operation: keys of query parameters whose enum lists `""` that
    /// the parameter does not allow ([`empty_values`]).
    empty_enum_values: Vec<std::collections::BTreeSet<String>>,
    /// Per operation: parameters (lower case) whose schema is `oneOf` a
    /// number and a string ([`spec_faults::one_of_number_and_text`]).
    text_ambiguous: Vec<std::collections::BTreeSet<String>>,
    /// Per operation: query parameters (by argument key) in a style that
    /// OpenAPI leaves undefined for their nesting, which the generator warned
    /// it sends as JSON text (with that warning).
    json_text_cells: Vec<BTreeMap<String, String>>,
    arguments: Vec<Value>,
    /// Each call's parameters' serialization, by argument key.
    serializations: Vec<BTreeMap<String, Serialization>>,
    dir: PathBuf,
}

pub fn run(options: &ContractOptions) -> Result<Report> {
    install_openapi_core(&options.root)?;
    // `--filter a,b`: the specs whose path contains any of them.
    let wanted: Vec<&str> = options.filter.as_deref().map_or_else(Vec::new, |f| {
        f.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    });
    let specs: Vec<CorpusSpec> = discover(&options.dir, None)?
        .into_iter()
        .filter(|spec| wanted.is_empty() || wanted.iter().any(|w| spec.relative.contains(w)))
        .collect();
    if specs.is_empty() {
        bail!("no spec under {} matches", options.dir.display());
    }
    let mut rows = Vec::new();
    let mut prepared = Vec::new();
    for spec in specs {
        match prepare(&spec, options) {
            Ok(ready) => prepared.push(ready),
            Err(err) => rows.push(Row {
                spec: spec.relative.clone(),
                failure: Some(format!("{err:#}")),
                ..Row::default()
            }),
        }
    }
    let built = build(options, &prepared)?;
    for ready in &prepared {
        eprintln!(
            "checking {} ({} operations)…",
            ready.spec.relative,
            ready.arguments.len()
        );
        let row = if built {
            check(ready, options).unwrap_or_else(|err| Row {
                spec: ready.spec.relative.clone(),
                failure: Some(format!("{err:#}")),
                ..Row::default()
            })
        } else {
            Row {
                spec: ready.spec.relative.clone(),
                failure: Some("the probes did not build (see above)".to_owned()),
                ..Row::default()
            }
        };
        rows.push(row);
    }
    rows.sort_by(|a, b| a.spec.cmp(&b.spec));
    Ok(Report { rows })
}

/// Generates the client, writes the probe and the arguments of every call.
fn prepare(spec: &CorpusSpec, options: &ContractOptions) -> Result<Prepared> {
    let text = fs::read_to_string(&spec.path)
        .with_context(|| format!("reading {}", spec.path.display()))?;
    let location = spec.path.display().to_string();
    let source = SpecSource::at(&text, &location, &Fetcher);
    let config = Config::named(&spec.crate_name);
    let loaded = generator::load::load_source(&source).map_err(|e| anyhow::anyhow!("{e}"))?;
    let api = generator::model::build_with(&loaded.document, &loaded.raw, &config, Vec::new())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let generated = generator::generate_from(&source, &config, &generator::Options::default())
        .map_err(|e| anyhow::anyhow!("{e}"))?;

    let dir = options.work_dir.join(&spec.crate_name);
    tree::sync_tree(&dir.join("client"), &generated.files)?;

    // The oracles read the spec as written when it is one OpenAPI 3.0/3.1
    // file; otherwise (Swagger 2.0, 3.2, several files) the 3.0 document the
    // generator read it as.
    let as_written = original_version(&text)
        .is_some_and(|v| v.starts_with("3.0") || v.starts_with("3.1"))
        && !text.contains("\"$ref\": \"./")
        && !text.contains("$ref: ./");
    let oracle_spec = if as_written {
        spec.path.canonicalize()?
    } else {
        let path = dir.join("oracle.json");
        // Tells the recorder this 3.0 document was another version (its
        // multipart encodings keep their styles: see `recorder.py`).
        let mut converted = loaded.raw.clone();
        if let Some(root) = converted.as_object_mut() {
            root.insert("x-contract-converted".to_owned(), json!(true));
        }
        write_if_changed(&path, &serde_json::to_string(&converted)?)?;
        path
    };

    let prism_spec = prism_copy::for_prism(&oracle_spec, &dir)?;

    let synth = Synth::new(&loaded.raw);
    let operations: Vec<&Operation> = api.operations().map(|(_, op)| op).collect();
    let arguments: Vec<Value> = operations.iter().map(|op| arguments(&synth, op)).collect();
    let undeclared = operations
        .iter()
        .map(|op| {
            synth
                .at(&format!("{}/requestBody", op.pointer))
                .and_then(|body| synth.resolve(body))
                .and_then(|body| body.get("content")?.as_object())
                .map(|content| {
                    content
                        .values()
                        .filter_map(|media| media.get("schema"))
                        .flat_map(|schema| spec_faults::undeclared_required(&synth, schema))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    let empty_enum_values = operations
        .iter()
        .map(|op| {
            op.params
                .iter()
                .filter(|param| {
                    let raw = synth.at(&param.pointer);
                    let schema = raw
                        .and_then(|raw| raw.get("schema"))
                        .and_then(|schema| synth.resolve(schema));
                    matches!((raw, schema), (Some(raw), Some(schema))
                        if empty_values::forbids_an_enum_value(raw, schema))
                })
                .map(|param| program::param_key(param.location, &param.name))
                .collect()
        })
        .collect();
    let json_text_cells = operations
        .iter()
        .map(|op| {
            op.params
                .iter()
                .filter_map(|param| {
                    let warning = api.warnings.iter().find(|w| {
                        w.location == param.pointer && w.message.contains("sent as JSON text")
                    })?;
                    Some((
                        program::param_key(param.location, &param.name),
                        warning.message.clone(),
                    ))
                })
                .collect()
        })
        .collect();
    let text_ambiguous = operations
        .iter()
        .map(|op| {
            op.params
                .iter()
                .filter(|param| {
                    synth
                        .at(&param.pointer)
                        .and_then(|raw| raw.get("schema"))
                        .is_some_and(|schema| spec_faults::one_of_number_and_text(&synth, schema))
                })
                .map(|param| param.name.to_lowercase())
                .collect()
        })
        .collect();
    let krate = spec.crate_name.replace('-', "_");
    let runner = format!("{}-probe", spec.crate_name);
    let types: String = operations
        .iter()
        .flat_map(|op| {
            op.params
                .iter()
                .map(|p| &p.ty)
                .chain(op.body.iter().map(|b| &b.ty))
        })
        .map(|ty| program::ty(&krate, ty))
        .collect::<Vec<_>>()
        .join(" ");
    write_if_changed(
        &dir.join("runner/Cargo.toml"),
        program::manifest(&runner, &spec.crate_name, &types).as_str(),
    )?;
    write_if_changed(
        &dir.join("runner/src/main.rs"),
        program::main_rs(&krate, &api, &operations).as_str(),
    )?;
    write_if_changed(
        &dir.join("arguments.json"),
        serde_json::to_string_pretty(&arguments)?.as_str(),
    )?;
    Ok(Prepared {
        spec: spec.clone(),
        runner,
        oracle_spec,
        prism_spec,
        prefix: base_path(&api),
        operation_ids: operations.iter().map(|op| op.id.clone()).collect(),
        operation_pointers: operations.iter().map(|op| op.pointer.clone()).collect(),
        raw: loaded.raw.clone(),
        templates: operations.iter().map(|op| op.path.clone()).collect(),
        ambiguous: spec_faults::ambiguous_templates(operations.iter().map(|op| op.path.as_str())),
        undeclared,
        empty_enum_values,
        text_ambiguous,
        json_text_cells,
        serializations: operations
            .iter()
            .map(|op| {
                op.params
                    .iter()
                    .map(|p| {
                        (
                            program::param_key(p.location, &p.name),
                            p.serialization.clone(),
                        )
                    })
                    .collect()
            })
            .collect(),
        arguments,
        dir,
    })
}

/// The `openapi` version as written (a JSON key or a YAML line of its own).
fn original_version(text: &str) -> Option<String> {
    let start = text
        .find("\"openapi\"")
        .map(|i| i + "\"openapi\"".len())
        .or_else(|| text.strip_prefix("openapi:").map(|_| "openapi".len()))
        .or_else(|| text.find("\nopenapi:").map(|i| i + "\nopenapi".len()))?;
    let rest = text[start..].trim_start_matches(['"', '\'', ':', ' ']);
    Some(rest.chars().take(3).collect())
}

/// The path of the API's server URL (`https://api.x.com/v1` → `/v1`).
fn base_path(api: &Api) -> String {
    server_path(api.base_url.as_deref().unwrap_or(""))
}

/// The path part of a server URL, which the probe appends to the recorder's
/// origin. The model has substituted the declared server variables; one left
/// in place stands for what the spec does not give (Asana's app components:
/// `url: "{siteUrl}"`, the app's own origin). A leading template is read as
/// the origin, so what follows it is the path (`{siteUrl}/v1` → `/v1`);
/// otherwise a URL without a scheme is relative to the document (OpenAPI
/// 3.0.3, Server Object: "relative to the location where the OpenAPI document
/// is being served") and is itself the path.
fn server_path(url: &str) -> String {
    let path = if let Some((_, rest)) = url.split_once("://") {
        rest.find('/').map_or("", |i| &rest[i..])
    } else if url.starts_with('{') {
        let origin_end = url.find('}').map_or(url.len(), |i| i + 1);
        &url[origin_end..]
    } else {
        url
    };
    let path = path.trim_end_matches('/');
    if path.is_empty() || path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    }
}

/// Every parameter (optional ones too) and the body, from the spec.
fn arguments(synth: &Synth<'_>, op: &Operation) -> Value {
    let mut args = serde_json::Map::new();
    for param in &op.params {
        let schema = synth.at(&param.pointer).and_then(|p| {
            p.get("schema").cloned().or_else(|| {
                p.get("content")
                    .and_then(Value::as_object)
                    .and_then(|c| c.values().next())
                    .and_then(|m| m.get("schema").cloned())
            })
        });
        let mut value = synth.value(&schema.unwrap_or(json!({})), 0);
        if param.location == generator::model::Location::Path {
            // A path segment cannot be empty.
            if value.as_str() == Some("") {
                value = json!("abc");
            }
        }
        args.insert(program::param_key(param.location, &param.name), value);
    }
    if let Some(body) = &op.body {
        let content = synth
            .at(&format!("{}/requestBody", op.pointer))
            .and_then(|b| b.get("content"))
            .and_then(Value::as_object);
        let schema = content
            .and_then(|c| c.get(&body.content_type).or_else(|| c.values().next()))
            .and_then(|m| m.get("schema"))
            .cloned()
            .unwrap_or(json!({}));
        let mut value = synth.value(&schema, 0);
        // A raw body is bytes, whatever the schema says about their text.
        if matches!(body.ty, TypeRef::Bytes | TypeRef::File)
            && let Some(text) = value.as_str()
        {
            value = json!(text.as_bytes());
        }
        args.insert(program::BODY_KEY.to_owned(), value);
    }
    Value::Object(args)
}

/// Builds every probe in one throwaway workspace; `false` when it fails.
fn build(options: &ContractOptions, prepared: &[Prepared]) -> Result<bool> {
    if prepared.is_empty() {
        return Ok(true);
    }
    let members: Vec<String> = prepared
        .iter()
        .flat_map(|p| {
            let name = &p.spec.crate_name;
            [format!("\"{name}/client\""), format!("\"{name}/runner\"")]
        })
        .collect();
    // No debug info for the clients and probes (dependencies keep the dev
    // profile, so they are shared with the main target directory): it is a
    // good part of the build of a client as large as Stripe's.
    let profiles: String = prepared
        .iter()
        .flat_map(|p| [p.spec.crate_name.clone(), p.runner.clone()])
        .map(|package| format!("\n[profile.dev.package.\"{package}\"]\ndebug = false\n"))
        .collect();
    let workspace = format!(
        "# Throwaway workspace of `cargo xtask contract`.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n{profiles}",
        members.join(", ")
    );
    write_if_changed(&options.work_dir.join("Cargo.toml"), &workspace)?;
    let lock = options.work_dir.join("Cargo.lock");
    if !lock.exists() {
        let _ = fs::copy(&options.lockfile_seed, &lock);
    }
    eprintln!("building {} probes…", prepared.len());
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(&options.work_dir)
        .args(["build", "--quiet", "--keep-going"])
        .env("CARGO_TARGET_DIR", &options.target_dir)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    for ready in prepared {
        command.args(["-p", &ready.runner]);
    }
    Ok(command.status().context("running cargo build")?.success())
}

fn binary(options: &ContractOptions, runner: &str) -> PathBuf {
    options.target_dir.join("debug").join(runner)
}

/// Runs the probe against both oracles and judges every call.
fn check(ready: &Prepared, options: &ContractOptions) -> Result<Row> {
    let binary = binary(options, &ready.runner);
    let arguments_file = ready.dir.join("arguments.json");
    let mut row = Row {
        spec: ready.spec.relative.clone(),
        operations: ready.arguments.len(),
        ..Row::default()
    };

    let records_file = ready.dir.join("records.jsonl");
    let _ = fs::remove_file(&records_file);
    let outcomes = {
        let recorder = servers::recorder(
            &options.root,
            &ready.oracle_spec,
            &ready.prefix,
            &records_file,
        )?;
        let base = format!("http://127.0.0.1:{}{}", recorder.port, ready.prefix);
        run_probe(&binary, &base, &arguments_file, Some(recorder.port), 0)?
    };
    let outcomes: BTreeMap<usize, Value> = outcomes.into_iter().collect();
    let records: Vec<Record> = fs::read_to_string(&records_file)
        .unwrap_or_default()
        .lines()
        .filter_map(Record::parse)
        .collect();
    // Per call: the request the recorder saw, when openapi-core read it all back.
    let mut read_back: BTreeMap<usize, &Record> = BTreeMap::new();
    // Calls whose every finding is the spec's (fragment paths), and calls
    // whose body the spec makes impossible to send right (undeclared
    // required properties), with the cause.
    let mut fragments: BTreeMap<usize, String> = BTreeMap::new();
    let mut required_faults: BTreeMap<usize, String> = BTreeMap::new();
    for (index, arguments) in ready.arguments.iter().enumerate() {
        let mine: Vec<&Record> = records.iter().filter(|r| r.op == Some(index)).collect();
        let outcome = outcomes.get(&index).cloned().unwrap_or(Value::Null);
        let id = &ready.operation_ids[index];
        let found = compare::round_trip(arguments, &ready.serializations[index], &mine, &outcome);
        if let (true, Some(record)) = (found.mismatches.is_empty(), mine.first()) {
            read_back.insert(index, record);
        }
        let template = &ready.templates[index];
        let others = ready.ambiguous.get(template);
        if let Some(fault) = others.and_then(|others| spec_faults::fragment(template, others)) {
            fragments.insert(index, fault.clone());
            for cause in found.mismatches.iter().chain(&found.oracle_faults) {
                let cause = compare::truncate(cause, 300);
                row.spec_faults
                    .push((id.clone(), format!("{fault}; mismatch: {cause}")));
            }
            continue;
        }
        let errors = mine
            .first()
            .map(|record| record.errors.as_slice())
            .unwrap_or(&[]);
        let undeclared = spec_faults::explain_required(errors, &ready.undeclared[index]);
        if let Some(fault) = &undeclared {
            required_faults.insert(index, fault.clone());
        }
        // The client's body type has a field for the undeclared name (with a
        // warning), which the arguments built from `properties` cannot fill.
        let unfillable = ready.undeclared[index]
            .iter()
            .find(|name| {
                found.mismatches.iter().any(|c| {
                    c.starts_with("not sent:") && c.contains(&format!("missing field `{name}`"))
                })
            })
            .and_then(|name| {
                spec_faults::explain_required(
                    &[format!("'{name}' is a required property")],
                    &ready.undeclared[index],
                )
            });
        let undeclared = undeclared.or(unfillable);
        for cause in found.mismatches {
            if let (Some(fault), true) = (
                &undeclared,
                cause.starts_with("body:")
                    || cause.starts_with("openapi-core rejected")
                    || cause.starts_with("not sent:"),
            ) {
                let cause = compare::truncate(&cause, 300);
                row.spec_faults
                    .push((id.clone(), format!("{fault}; mismatch: {cause}")));
                continue;
            }
            let empty_value = cause
                .split(": ")
                .next()
                .filter(|key| ready.empty_enum_values[index].contains(*key))
                .and_then(|key| {
                    let name = key.strip_prefix("query:")?;
                    let sent = &mine.first()?.path;
                    empty_values::explain(name, arguments.get(key)?, sent, errors)
                        .map(|fault| format!("{key}: {fault}"))
                });
            if let Some(fault) = empty_value {
                row.spec_faults.push((id.clone(), fault));
                continue;
            }
            let json_text = cause.split(": ").next().and_then(|key| {
                let warning = ready.json_text_cells[index].get(key)?;
                let sent = &mine.first()?.path;
                spec_faults::explain_json_text(key, warning, arguments.get(key)?, sent)
            });
            if let Some(fault) = json_text {
                row.spec_faults.push((id.clone(), fault));
                continue;
            }
            let spec_fault = others.and_then(|others| {
                let key = cause.split(": ").next()?;
                let name = key.strip_prefix("path:")?;
                let read = mine.first()?.read.as_ref()?;
                let explained = spec_faults::explain(
                    template,
                    others,
                    name,
                    arguments.get(key)?,
                    read.get("path"),
                )
                .or_else(|| spec_faults::explain_by_errors(template, others, name, errors))?;
                Some(format!("{key}: {explained}"))
            });
            match spec_fault {
                Some(fault) => row.spec_faults.push((id.clone(), fault)),
                None => row.mismatches.push((id.clone(), cause)),
            }
        }
        for cause in found.oracle_faults {
            row.oracle_faults.push((id.clone(), cause));
        }
    }

    // Prism 5 cannot serve some large specs (GitHub's: a ResolverError;
    // Stripe's: not listening after minutes): the round trip still counts,
    // and the row says the Prism pass was not made.
    let verdicts = if options.no_prism {
        Vec::new()
    } else {
        match prism_pass(ready, options, &binary, &arguments_file) {
            Ok(verdicts) => verdicts,
            Err(error) => {
                row.prism_unavailable = Some(format!("{error:#}"));
                Vec::new()
            }
        }
    };
    // Decode failures on the spec's own broken examples are the spec's.
    let answers: Vec<example_faults::Answer> = verdicts
        .iter()
        .filter_map(|(index, (verdict, _))| match verdict {
            Verdict::DecodeFailure { status, body } => Some(example_faults::Answer {
                index: *index,
                operation: ready.operation_pointers[*index].clone(),
                status: *status,
                body: example_faults::Body::Sent(body.clone()),
            }),
            Verdict::Other {
                body: Some(body), ..
            } => {
                let names = example_faults::own_violations(body)?;
                let operation = ready.operation_pointers[*index].clone();
                Some(example_faults::Answer {
                    index: *index,
                    status: example_faults::first_success(&ready.raw, &operation)?,
                    operation,
                    body: example_faults::Body::Violating(names),
                })
            }
            _ => None,
        })
        .collect();
    let broken_examples =
        example_faults::explain(&options.root, &ready.oracle_spec, &ready.raw, &answers)?;
    {
        for (index, verdict) in verdicts {
            let entry = (ready.operation_ids[index].clone(), verdict.1);
            let spec_fault = match &verdict.0 {
                Verdict::Violation(answer) => fragments
                    .get(&index)
                    .or_else(|| required_faults.get(&index))
                    .map(|fault| format!("{fault}; Prism rejected it for that reason"))
                    .or_else(|| {
                        let template = &ready.templates[index];
                        let others = ready.ambiguous.get(template)?;
                        spec_faults::explain_prism_match(template, others, answer)
                    })
                    .or_else(|| {
                        spec_faults::explain_text_one_of(&ready.text_ambiguous[index], answer)
                    })
                    .or_else(|| {
                        let cells = &ready.json_text_cells[index];
                        spec_faults::explain_prism_json_text(cells, answer)
                    }),
                Verdict::DecodeFailure { .. }
                | Verdict::Other {
                    undeclared: Some(_),
                    ..
                } => fragments.get(&index).map(|fault| {
                    format!("{fault}; Prism answered with the other operation's response")
                }),
                _ => None,
            };
            if let Some(fault) = spec_fault {
                row.spec_faults
                    .push((entry.0, format!("{fault}: {}", entry.1)));
                continue;
            }
            match verdict.0 {
                Verdict::Ok => {}
                Verdict::Violation(answer) => {
                    let prisms = read_back.get(&index).and_then(|record| {
                        prism_faults::explain(&answer, &record.content_type, &record.body, true)
                    });
                    match prisms {
                        Some(cause) => row.prism_faults.push((entry.0, cause)),
                        None => row.violations.push(entry),
                    }
                }
                Verdict::DecodeFailure { .. } => match broken_examples.get(&index) {
                    Some(fault) => row
                        .spec_faults
                        .push((entry.0, format!("{fault}; decode failure: {}", entry.1))),
                    None => row.decode_failures.push(entry),
                },
                Verdict::Other { body, .. } => match broken_examples.get(&index) {
                    Some(fault) => row
                        .spec_faults
                        .push((entry.0, format!("{fault}; {}", entry.1))),
                    None => match body.as_deref().and_then(prism_faults::own_mock) {
                        Some(cause) => row
                            .prism_faults
                            .push((entry.0, format!("{cause}: {}", entry.1))),
                        None => row.other.push(entry),
                    },
                },
            }
        }
    }
    Ok(row)
}

#[derive(Debug, Clone)]
enum Verdict {
    Ok,
    /// With Prism's whole answer.
    Violation(String),
    /// With the status and body Prism sent.
    DecodeFailure {
        status: u64,
        body: String,
    },
    /// With Prism's body when it answered 5xx, and the status when it
    /// answered one the operation does not declare.
    Other {
        body: Option<String>,
        undeclared: Option<u64>,
    },
}

/// Every call against Prism. Prism 5 dies on some requests (an uncaught
/// exception in its validator): that call is recorded with the exception,
/// and Prism is started again for the calls after it.
fn prism_pass(
    ready: &Prepared,
    options: &ContractOptions,
    binary: &Path,
    arguments_file: &Path,
) -> Result<Vec<(usize, (Verdict, String))>> {
    let mut verdicts = Vec::new();
    let mut from = 0;
    while from < ready.arguments.len() {
        let mut prism = servers::prism(&options.root, &ready.prism_spec)?;
        // Prism serves the spec's paths at its root, whatever the server URL.
        let base = format!("http://127.0.0.1:{}", prism.port);
        let outcomes = run_probe(binary, &base, arguments_file, None, from)?;
        let died = prism.died_of();
        for (index, outcome) in &outcomes {
            let outcome = outcome.clone();
            let index = *index;
            let unreachable = outcome
                .get("error")
                .and_then(Value::as_str)
                .is_some_and(|e| e.contains("could not reach the server"));
            if let (true, Some(exception)) = (unreachable, &died) {
                verdicts.push((
                    index,
                    (
                        Verdict::Other {
                            body: None,
                            undeclared: None,
                        },
                        format!("Prism crashed on this request (its fault): {exception}"),
                    ),
                ));
                from = index + 1;
                break;
            }
            let verdict = match compare::prism_verdict(&outcome) {
                PrismVerdict::Ok => (Verdict::Ok, String::new()),
                PrismVerdict::Violation(cause) => {
                    let answer = compare::prism_answer(&outcome).unwrap_or_default();
                    (Verdict::Violation(answer), cause)
                }
                PrismVerdict::DecodeFailure(cause) => {
                    let status = outcome.get("status").and_then(Value::as_u64).unwrap_or(0);
                    let body = outcome.get("body").and_then(Value::as_str).unwrap_or("");
                    let body = body.to_owned();
                    (Verdict::DecodeFailure { status, body }, cause)
                }
                PrismVerdict::Other(cause) => {
                    let status = outcome.get("status").and_then(Value::as_u64).unwrap_or(0);
                    let body = (500..600).contains(&status).then(|| {
                        let body = outcome.get("body").and_then(Value::as_str).unwrap_or("");
                        body.to_owned()
                    });
                    let undeclared = outcome.get("undeclared").and_then(Value::as_u64);
                    (Verdict::Other { body, undeclared }, cause)
                }
            };
            verdicts.push((index, verdict));
            from = index + 1;
        }
        if outcomes.is_empty() {
            break;
        }
    }
    Ok(verdicts)
}

/// The probe's outcome per call from index `from` on, with its index.
fn run_probe(
    binary: &Path,
    base: &str,
    arguments: &Path,
    mark_port: Option<u16>,
    from: usize,
) -> Result<Vec<(usize, Value)>> {
    let mut command = Command::new(binary);
    command
        .arg(base)
        .arg(arguments)
        .arg(mark_port.map_or_else(String::new, |port| format!("127.0.0.1:{port}")))
        .arg(from.to_string());
    let output = command
        .output()
        .with_context(|| format!("running {}", binary.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut outcomes = Vec::new();
    for line in stdout.lines() {
        let value: Value = serde_json::from_str(line).unwrap_or(Value::Null);
        if let Some(index) = value.get("index").and_then(Value::as_u64) {
            outcomes.push((
                index as usize,
                value.get("outcome").cloned().unwrap_or(Value::Null),
            ));
        }
    }
    if !output.status.success() {
        bail!(
            "the probe failed after {} calls: {}",
            outcomes.len(),
            panic_message(&String::from_utf8_lossy(&output.stderr))
        );
    }
    Ok(outcomes)
}

/// What a failed probe said: the panic and its message (the lines after
/// `panicked at`, up to the backtrace), else its last line of stderr.
fn panic_message(stderr: &str) -> String {
    let mut lines = stderr
        .lines()
        .skip_while(|line| !line.contains("panicked at"));
    match lines.next() {
        Some(first) => std::iter::once(first)
            .chain(lines.take_while(|line| {
                !line.starts_with("note:") && !line.starts_with("stack backtrace")
            }))
            .collect::<Vec<_>>()
            .join(" "),
        None => stderr.lines().last().unwrap_or("").to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{original_version, panic_message, server_path};

    #[test]
    fn the_path_of_a_server_url_is_what_the_probe_appends() {
        assert_eq!(server_path("https://api.example.com/v1/"), "/v1");
        assert_eq!(server_path("https://api.example.com"), "");
        assert_eq!(server_path("/api/v3"), "/api/v3");
        assert_eq!(server_path("v3"), "/v3");
        assert_eq!(server_path(""), "");
        // Asana's app components: an undeclared variable is the whole URL.
        // Read as a path, it made the base `http://127.0.0.1:PORT{siteUrl}`,
        // which no client accepts, and the probe panicked before its first call.
        assert_eq!(server_path("{siteUrl}"), "");
        assert_eq!(server_path("{siteUrl}/v1"), "/v1");
    }

    #[test]
    fn a_probe_panic_is_reported_with_its_message_not_the_backtrace_note() {
        let stderr = "\nthread 'main' (1) panicked at runner/src/main.rs:131:10:\n\
                      the client builds: InvalidConfig(\"base URL\")\n\
                      note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";
        let message = panic_message(stderr);
        assert!(
            message.contains("the client builds: InvalidConfig"),
            "{message}"
        );
        assert!(!message.contains("RUST_BACKTRACE"), "{message}");
        assert_eq!(panic_message("error: one\nerror: two\n"), "error: two");
    }

    #[test]
    fn the_version_is_read_from_its_key_not_from_prose() {
        let yaml = "# checked with openapi-core\nopenapi: 3.1.0\ninfo: {}\n";
        assert_eq!(original_version(yaml).as_deref(), Some("3.1"));
        let json = r#"{"info": {"title": "openapi tools"}, "openapi": "3.0.3"}"#;
        assert_eq!(original_version(json).as_deref(), Some("3.0"));
        assert_eq!(original_version("swagger: '2.0'\n"), None);
    }
}
