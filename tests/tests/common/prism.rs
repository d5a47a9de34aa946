//! Starts Stoplight Prism (pinned in `tools/prism`, installed with
//! `npm ci --prefix tools/prism`) for the contract tests, and stops it again.
//!
//! Prism runs `node_modules/.bin/prism` directly (through `npx` a stray child keeps
//! serving), listens on 127.0.0.1 only, in its own process group so that dropping
//! the guard kills it and anything it started.

use std::fmt::Debug;
use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use actuallycare::{ApiError, Error, HeaderMap, Response};

/// Prism lists the request and response violations it found in this header.
pub const VIOLATIONS_HEADER: &str = "sl-violations";

/// How long a cold `node` start plus spec parsing may take on a busy 2-core machine.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);
/// A free port can be taken by someone else before Prism binds it: try a few.
const PORT_ATTEMPTS: u32 = 5;
/// Keeps the captured output bounded however chatty Prism is.
const MAX_LOG_LINES: usize = 20_000;

/// A running Prism; killed (with its whole process group) on drop.
pub struct Prism {
    child: Child,
    port: u16,
    log: Arc<Mutex<Vec<String>>>,
}

impl Prism {
    /// `prism mock spec/openapi.json --errors`: answers with the spec's examples and
    /// turns request violations (and examples that break their own schema) into errors.
    pub fn mock() -> Self {
        let spec = spec_path();
        Self::start(&["mock", &spec, "--errors"])
    }

    /// `prism proxy spec/openapi.json <upstream> --errors`: forwards to `upstream` and
    /// fails any request or response that does not conform to the spec.
    pub fn proxy(upstream: &str) -> Self {
        let spec = spec_path();
        Self::start(&["proxy", &spec, upstream, "--errors"])
    }

    /// [`proxy`](Self::proxy) for another spec: `prism proxy <spec> <upstream> --errors`.
    pub fn proxy_for(spec: &Path, upstream: &str) -> Self {
        let spec = spec.display().to_string();
        Self::start(&["proxy", &spec, upstream, "--errors"])
    }

    /// `http://127.0.0.1:<port>`, for `ClientBuilder::base_url`.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Everything Prism printed so far, for failure messages.
    pub fn log(&self) -> String {
        lock(&self.log).join("\n")
    }

    fn start(args: &[&str]) -> Self {
        let binary = binary_path();
        let mut last_failure = String::new();
        for _ in 0..PORT_ATTEMPTS {
            let port = free_port();
            match Self::spawn(&binary, args, port) {
                Ok(prism) => return prism,
                // Lost the race for the port: pick another one.
                Err(Startup::PortTaken(log)) => last_failure = log,
                Err(Startup::Failed(log)) => {
                    panic!("Prism did not start (prism {}):\n{log}", args.join(" "))
                }
            }
        }
        panic!(
            "Prism found no free port in {PORT_ATTEMPTS} attempts; last output:\n{last_failure}"
        );
    }

    fn spawn(binary: &Path, args: &[&str], port: u16) -> Result<Self, Startup> {
        let port_text = port.to_string();
        let mut command = Command::new(binary);
        command
            .args(args)
            .args(["--host", "127.0.0.1", "--port", &port_text])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // Its own process group, so that Drop can kill everything it starts.
            .process_group(0);
        die_with_this_process(&mut command);
        let mut child = command.spawn().unwrap_or_else(|error| {
            panic!(
                "cannot run {} (is `node` on PATH?): {error}",
                binary.display()
            )
        });
        let log = Arc::new(Mutex::new(Vec::new()));
        if let Some(stdout) = child.stdout.take() {
            collect_lines(stdout, log.clone());
        }
        if let Some(stderr) = child.stderr.take() {
            collect_lines(stderr, log.clone());
        }
        let mut prism = Self { child, port, log };
        let ready = format!("Prism is listening on http://127.0.0.1:{port}");
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            if lock(&prism.log).iter().any(|line| line.contains(&ready)) {
                return Ok(prism);
            }
            let exited = matches!(prism.child.try_wait(), Ok(Some(_)));
            if exited || Instant::now() > deadline {
                // Give the readers a moment to catch the last lines.
                thread::sleep(Duration::from_millis(100));
                let log = prism.log();
                drop(prism);
                return Err(if log.contains("EADDRINUSE") {
                    Startup::PortTaken(log)
                } else {
                    Startup::Failed(log)
                });
            }
            thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let group = i32::try_from(self.child.id()).unwrap_or(0);
        if group > 0 {
            // SAFETY: plain syscall; a negative pid addresses the process group that
            // `process_group(0)` created for Prism, which contains nothing else.
            unsafe { libc::kill(-group, libc::SIGKILL) };
        }
        let _ = self.child.wait();
        // Verify that no member of the group survived (e.g. a child Prism forked).
        let deadline = Instant::now() + Duration::from_secs(5);
        // SAFETY: signal 0 only checks whether the group still has members.
        while group > 0 && unsafe { libc::kill(-group, 0) } == 0 {
            if Instant::now() > deadline {
                eprintln!("warning: Prism's process group {group} still has members after SIGKILL");
                break;
            }
            thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The response of a call that Prism let through: a 2xx without violations (which
/// the client decoded into its typed model). Otherwise why not, violations included.
pub fn conforming<T>(result: Result<Response<T>, Error>) -> Result<Response<T>, String> {
    match result {
        Ok(response) => match violations(response.headers()) {
            Some(violations) => Err(format!(
                "answered {} but with violations: {violations}",
                response.status()
            )),
            None => Ok(response),
        },
        Err(Error::Api(api)) => Err(describe(&api)),
        // Decode errors name the field and quote the body.
        Err(other) => Err(other.to_string()),
    }
}

/// The API error of a call expected to fail with a documented error response; a
/// success, another error, or an error Prism produced (a violation) is described.
pub fn documented_error<T: Debug>(result: Result<T, Error>) -> Result<Box<ApiError>, String> {
    match result {
        Err(Error::Api(api))
            if violations(api.headers()).is_none() && !from_prism(api.headers()) =>
        {
            Ok(api)
        }
        Err(Error::Api(api)) => Err(describe(&api)),
        Err(other) => Err(format!("expected an API error, got {other}")),
        Ok(value) => Err(format!("expected an API error, got {value:?}")),
    }
}

/// The `sl-violations` header as text.
pub fn violations(headers: &HeaderMap) -> Option<String> {
    headers
        .get(VIOLATIONS_HEADER)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
}

/// Prism's own errors (violations with `--errors`, unmet security, no route) are
/// `application/problem+json`; the API's are `application/json`.
fn from_prism(headers: &HeaderMap) -> bool {
    headers
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/problem+json"))
}

/// A non-2xx answer with whatever Prism said about the exchange.
fn describe(api: &ApiError) -> String {
    let violations = violations(api.headers());
    // In mock mode Prism answers a violation with the spec's own 400 example.
    let who = if violations.is_some() || from_prism(api.headers()) {
        "Prism"
    } else {
        "the server"
    };
    format!(
        "{who} answered {}; {VIOLATIONS_HEADER}: {}; body: {}",
        api.status(),
        violations.as_deref().unwrap_or("(none)"),
        api.body()
    )
}

enum Startup {
    PortTaken(String),
    Failed(String),
}

/// `<repo>/tools/prism/node_modules/.bin/prism`; fails the test (never skips it)
/// when Prism is not installed.
fn binary_path() -> PathBuf {
    let binary = repo_root().join("tools/prism/node_modules/.bin/prism");
    assert!(
        binary.exists(),
        "Prism is not installed at {}: run `npm ci --prefix tools/prism` (needs Node.js and npm) before these tests",
        binary.display()
    );
    binary
}

fn spec_path() -> String {
    repo_root().join("spec/openapi.json").display().to_string()
}

/// The workspace root: the parent of this test crate.
pub fn repo_root() -> PathBuf {
    let tests_crate = Path::new(env!("CARGO_MANIFEST_DIR"));
    tests_crate.parent().unwrap_or(tests_crate).to_path_buf()
}

/// A port nobody listened on a moment ago (bound on loopback and released).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port on 127.0.0.1")
}

/// Reads `stream` line by line into `log` until it closes, so Prism never blocks
/// on a full pipe.
fn collect_lines(stream: impl Read + Send + 'static, log: Arc<Mutex<Vec<String>>>) {
    thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            let mut log = lock(&log);
            if log.len() < MAX_LOG_LINES {
                log.push(line);
            }
        }
    });
}

/// On Linux, have the kernel kill Prism if this test process dies without running
/// Drop (Ctrl-C, a harness timeout): its own process group no longer gets the
/// terminal's signals.
#[cfg(target_os = "linux")]
fn die_with_this_process(command: &mut Command) {
    // SAFETY: `prctl` is async-signal-safe, as required between fork and exec.
    unsafe {
        command.pre_exec(|| {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) == -1 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn die_with_this_process(_: &mut Command) {}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
