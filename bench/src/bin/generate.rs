//! `generate SPEC OUT_DIR [CONFIG]`: runs `generator::generate` on SPEC and writes
//! the crate into OUT_DIR. Without CONFIG (a `generator.toml`) the crate gets a
//! plain client config named after the spec file (`Config::named`).
//!
//! This is the binary `bench/generation.sh` times (wall clock and peak RSS of the
//! whole process: reading, generating, writing) and `bench/compile.sh` uses to
//! produce the crates it compiles. Prints one line to stderr:
//! `generate: <files> files, <bytes> bytes, <ms> ms in generator::generate`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

// Generation is dominated by small allocations (token trees, syn ASTs):
// mimalloc cuts its wall time noticeably (BENCHMARKS.md §1).
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn crate_name_for(spec: &Path) -> String {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    let mut name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    while name.contains("--") {
        name = name.replace("--", "-");
    }
    let name = name.trim_matches('-');
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) || name.is_empty() {
        format!("api-{name}")
    } else {
        name.to_owned()
    };
    format!("{name}-client")
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 || args.len() > 3 {
        return Err("usage: generate SPEC OUT_DIR [CONFIG]".to_owned());
    }
    let spec_path = PathBuf::from(&args[0]);
    let out_dir = PathBuf::from(&args[1]);
    let spec = std::fs::read_to_string(&spec_path)
        .map_err(|e| format!("reading {}: {e}", spec_path.display()))?;
    let config = match args.get(2) {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("reading {path}: {e}"))?;
            generator::Config::from_toml(&text, path).map_err(|e| e.to_string())?
        }
        None => generator::Config::named(&crate_name_for(&spec_path)),
    };

    let start = Instant::now();
    let generated = generator::generate(&spec, &config).map_err(|e| e.to_string())?;
    let elapsed = start.elapsed();

    let mut bytes = 0usize;
    for file in &generated.files {
        let path = out_dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("creating {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, &file.contents)
            .map_err(|e| format!("writing {}: {e}", path.display()))?;
        bytes += file.contents.len();
    }
    eprintln!(
        "generate: {} files, {} bytes, {:.1} ms in generator::generate",
        generated.files.len(),
        bytes,
        elapsed.as_secs_f64() * 1000.0
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("generate: {message}");
            ExitCode::FAILURE
        }
    }
}
