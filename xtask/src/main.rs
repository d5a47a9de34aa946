//! Project automation, run as `cargo xtask <command>` (an alias in
//! .cargo/config.toml). Every command takes the repository root from
//! [`Project`] rather than the working directory.

mod check;
mod contract;
mod corpus;
mod fetch;
#[cfg(test)]
mod fixture;
mod install_lock;
mod project;
mod regen;
mod semver_checks;
mod summary;
mod test;
mod tree;
mod write;

use std::{path::PathBuf, process::ExitCode};

use anyhow::Result;
use clap::{Args, Parser, Subcommand};

use crate::{fetch::SpecSource, project::Project, regen::Source};

// Generation is dominated by small allocations (token trees, syn ASTs):
// mimalloc cuts its wall time noticeably (BENCHMARKS.md §1).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Automation for the client generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Fetch the spec, normalize it into spec/openapi.json and regenerate generated-client/.
    Regen(RegenArgs),
    /// Fail if spec/openapi.json is not canonical or generated-client/ is out of date.
    Check,
    /// Generate and `cargo check` a client for every spec under DIR.
    Corpus(CorpusArgs),
    /// Report what changes between two specs for users of the generated crate.
    Diff(DiffArgs),
    /// Call every operation of each spec under DIR through its generated client, against openapi-core and Prism.
    Contract(ContractArgs),
    /// Run every test: installs the pinned Prism into tools/, then `cargo test --workspace`.
    Test(TestArgs),
    /// Hold the change report to cargo-semver-checks: installs the pinned tool into tools/, then runs
    /// `tests/semver_agreement.rs` (left out of `test` for its cost).
    SemverAgreement(TestArgs),
}

#[derive(Args)]
struct DiffArgs {
    /// The old spec: a path or an http(s) URL.
    old: String,
    /// The new spec: a path or an http(s) URL.
    new: String,
    /// Print Markdown (for a PR description) instead of plain text.
    #[arg(long)]
    markdown: bool,
    /// Read both specs with this generator.toml [default: spec/generator.toml].
    #[arg(long, value_name = "PATH", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Read both specs with the default config (for another API than ActuallyCare).
    #[arg(long)]
    no_config: bool,
    /// Refuse a spec with faults the generator would read leniently (warnings).
    #[arg(long)]
    strict: bool,
}

#[derive(Args)]
struct ContractArgs {
    /// Directory searched recursively for *.json, *.yaml and *.yml specs.
    dir: PathBuf,
    /// Only specs whose path (relative to DIR) contains one of these (comma-separated).
    #[arg(long, value_name = "SUBSTR,…")]
    filter: Option<String>,
    /// Only the openapi-core round trip; skip Prism.
    #[arg(long)]
    no_prism: bool,
    /// Where the generated crates and probes go [default: target/contract]; they build
    /// into `<DIR>-target`.
    #[arg(long, value_name = "DIR")]
    work_dir: Option<PathBuf>,
    /// Build the probes into this cargo target directory instead (to share dependencies).
    #[arg(long, value_name = "DIR")]
    target_dir: Option<PathBuf>,
}

#[derive(Args)]
struct TestArgs {
    /// Extra arguments for `cargo test` (after `--`), e.g. a test name filter.
    #[arg(last = true)]
    cargo_args: Vec<String>,
}

#[derive(Args)]
struct RegenArgs {
    /// Regenerate from the vendored spec/openapi.json, without the network.
    #[arg(long, conflicts_with = "spec")]
    offline: bool,
    /// Take the spec from this file or http(s) URL instead of `spec_url`.
    #[arg(long, value_name = "PATH|URL")]
    spec: Option<String>,
    /// Refuse the spec (writing nothing) if it has faults the generator would
    /// otherwise read leniently and report as warnings.
    #[arg(long)]
    strict: bool,
}

#[derive(Args)]
struct CorpusArgs {
    /// Directory searched recursively for *.json, *.yaml and *.yml specs.
    dir: PathBuf,
    /// Parallel generator threads and cargo jobs [default: available cores].
    #[arg(long)]
    jobs: Option<usize>,
    /// Only specs whose path (relative to DIR) contains this.
    #[arg(long, value_name = "SUBSTR")]
    filter: Option<String>,
    /// Fail when fewer specs pass than the number in this file, or on any panic.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Where generated crates are written [default: target/corpus].
    #[arg(long, value_name = "DIR")]
    work_dir: Option<PathBuf>,
    /// Generate only; skip `cargo check`.
    #[arg(long)]
    no_check: bool,
    /// Treat every warning as an error (a spec with warnings fails).
    #[arg(long)]
    strict: bool,
    /// Print every warning under its spec's row, not only the count.
    #[arg(long)]
    warnings: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let project = Project::from_manifest_dir();
    let result = match cli.command {
        Command::Regen(args) => run_regen(&project, args),
        Command::Check => run_check(&project),
        Command::Corpus(args) => run_corpus(&project, args),
        Command::Diff(args) => run_diff(&project, args),
        Command::Contract(args) => run_contract(&project, args),
        Command::Test(args) => test::run(&project, &args.cargo_args),
        Command::SemverAgreement(args) => test::semver_agreement(&project, &args.cargo_args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run_regen(project: &Project, args: RegenArgs) -> Result<ExitCode> {
    let source = match (args.offline, args.spec) {
        (true, _) => Source::Vendored,
        (false, Some(spec)) => Source::Explicit(SpecSource::parse(&spec)),
        (false, None) => Source::Configured,
    };
    let options = generator::Options {
        strict: args.strict,
    };
    print!("{}", regen::regen_with(project, source, &options)?);
    Ok(ExitCode::SUCCESS)
}

fn run_diff(project: &Project, args: DiffArgs) -> Result<ExitCode> {
    let config = match (&args.config, args.no_config) {
        (_, true) => generator::Config::default(),
        (Some(path), false) => {
            generator::Config::load(path).map_err(|err| anyhow::anyhow!("{err}"))?
        }
        (None, false) => project.config()?,
    };
    let options = generator::Options {
        strict: args.strict,
    };
    let read = |arg: &str| -> Result<String> {
        let source = SpecSource::parse(arg);
        let bundled = source.read_bundled(&options)?;
        let warnings = generator::check(
            &generator::SpecSource::text(&bundled.spec),
            &config,
            &options,
        )
        .map_err(|err| anyhow::anyhow!("{source}: {err}"))?;
        for warning in bundled.warnings.iter().chain(&warnings) {
            eprintln!("{source}: {warning}");
        }
        Ok(bundled.spec)
    };
    let old = read(&args.old)?;
    let new = read(&args.new)?;
    let diff =
        generator::diff::diff(&old, &new, &config).map_err(|err| anyhow::anyhow!("{err}"))?;
    if args.markdown {
        print!("{}", diff.to_markdown());
    } else {
        print!("{}", diff.to_text());
        let version = &config.package.version;
        let next = generator::diff::next_version(version, diff.bump())
            .map_err(|err| anyhow::anyhow!("{err}"))?;
        println!("crate version: {version} → {next}");
    }
    Ok(ExitCode::SUCCESS)
}

fn run_check(project: &Project) -> Result<ExitCode> {
    let problems = check::check(project)?;
    if problems.is_empty() {
        println!(
            "{}, {} and {} are up to date",
            project::SPEC,
            project::LOCK,
            project::CLIENT
        );
        return Ok(ExitCode::SUCCESS);
    }
    for problem in &problems {
        eprintln!("{problem}");
    }
    eprintln!("error: generated output is out of date; run `cargo xtask regen --offline`");
    Ok(ExitCode::FAILURE)
}

fn run_contract(project: &Project, mut args: ContractArgs) -> Result<ExitCode> {
    let target = project.root().join("target");
    // The probes build from inside the work directory: paths must not be relative.
    args.work_dir = args.work_dir.map(|dir| project.root().join(dir));
    args.target_dir = args.target_dir.map(|dir| project.root().join(dir));
    let options = contract::ContractOptions {
        dir: args.dir,
        filter: args.filter,
        root: project.root().to_owned(),
        target_dir: args
            .target_dir
            .or_else(|| {
                args.work_dir.as_ref().map(|dir| {
                    dir.with_file_name(format!(
                        "{}-target",
                        dir.file_name().unwrap_or_default().to_string_lossy()
                    ))
                })
            })
            .unwrap_or_else(|| target.join("contract-target")),
        work_dir: args.work_dir.unwrap_or_else(|| target.join("contract")),
        lockfile_seed: project.root().join("Cargo.lock"),
        no_prism: args.no_prism,
    };
    let report = contract::run(&options)?;
    println!("{report}");
    let clean = report.mismatches() == 0
        && report.violations() == 0
        && report.decode_failures() == 0
        && report.rows.iter().all(|row| row.failure.is_none());
    Ok(if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn run_corpus(project: &Project, args: CorpusArgs) -> Result<ExitCode> {
    let jobs = args
        .jobs
        .or_else(|| std::thread::available_parallelism().ok().map(usize::from))
        .unwrap_or(1)
        .max(1);
    let target = project.root().join("target");
    let options = corpus::CorpusOptions {
        dir: args.dir,
        jobs,
        filter: args.filter,
        work_dir: args.work_dir.unwrap_or_else(|| target.join("corpus")),
        target_dir: target.join("generated-target"),
        lockfile_seed: project.root().join("Cargo.lock"),
        compile: !args.no_check,
        options: generator::Options {
            strict: args.strict,
        },
        show_warnings: args.warnings,
    };
    let report = corpus::run(&options)?;
    println!("{report}");

    let panics = report.panics();
    let ok = match &args.baseline {
        Some(path) => {
            let baseline = corpus::read_baseline(path)?;
            if report.passed() < baseline {
                eprintln!(
                    "error: {} passed, below the baseline of {baseline} in {}",
                    report.passed(),
                    path.display()
                );
            }
            report.passed() >= baseline && panics == 0
        }
        None => report.failed() == 0,
    };
    if panics > 0 {
        eprintln!("error: the generator panicked on {panics} spec(s)");
    }
    let unlocated = report.unlocated_warnings();
    for (spec, warning) in &unlocated {
        eprintln!("error: {spec}: a warning names no JSON pointer: {warning}");
    }
    let ok = ok && unlocated.is_empty();
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
