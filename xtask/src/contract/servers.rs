//! The two oracles as local servers on 127.0.0.1: the openapi-core recording
//! server (`tests/contract/recorder.py`) and Prism in mock mode. Each is
//! started in its own process group and killed with it on drop.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt as _;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// Reading a big spec (Stripe's is 7 MB) takes a while on a busy machine.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(300);

pub struct Server {
    child: Child,
    pub port: u16,
    /// Where its output goes (Prism only).
    pub log: Option<std::path::PathBuf>,
}

impl Server {
    /// The error it died of, when it has exited: the first line of its
    /// output's last stack trace.
    pub fn died_of(&mut self) -> Option<String> {
        self.child.try_wait().ok().flatten()?;
        let text = std::fs::read_to_string(self.log.as_ref()?).unwrap_or_default();
        let line = text
            .lines()
            .rev()
            .find(|line| line.contains("Error") && !line.trim_start().starts_with("at "))
            .unwrap_or("exited");
        Some(line.trim().to_owned())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // The child leads its own process group: end it and whatever it started.
        let pid = self.child.id() as i32;
        kill_group(pid);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn kill_group(pid: i32) {
    let _ = Command::new("kill")
        .args(["-TERM", "--", &format!("-{pid}")])
        .stderr(Stdio::null())
        .status();
}

/// `recorder.py SPEC PREFIX OUT`; it prints its port once the spec is read.
pub fn recorder(root: &Path, spec: &Path, prefix: &str, out: &Path) -> Result<Server> {
    let python = root.join(super::VENV).join("bin/python");
    if !python.exists() {
        bail!(
            "{} is missing: run `cargo xtask test` once (it installs the pinned openapi-core)",
            python.display()
        );
    }
    let mut child = Command::new(python)
        .arg(root.join("tests/contract/recorder.py"))
        .arg(spec)
        .arg(prefix)
        .arg(out)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .context("starting the recording server")?;
    let stdout = child.stdout.take().context("recorder stdout")?;
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = send.send(line);
    });
    let line = receive.recv_timeout(STARTUP_TIMEOUT).unwrap_or_default();
    match line.trim().parse::<u16>() {
        Ok(port) => Ok(Server {
            child,
            port,
            log: None,
        }),
        Err(_) => {
            let _ = child.kill();
            let output = child.wait_with_output()?;
            bail!(
                "openapi-core could not read the spec: {}",
                last_lines(&String::from_utf8_lossy(&output.stderr), 3)
            )
        }
    }
}

/// `prism mock SPEC --errors` on a free port; ready once the port accepts.
pub fn prism(root: &Path, spec: &Path) -> Result<Server> {
    let binary = root.join("tools/prism/node_modules/.bin/prism");
    if !binary.exists() {
        bail!(
            "{} is missing: run `cargo xtask test` once",
            binary.display()
        );
    }
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let log = std::env::temp_dir().join(format!("contract-prism-{port}.log"));
    let mut child = Command::new(binary)
        .arg("mock")
        .arg(spec)
        .args(["--errors", "-h", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::from(std::fs::File::create(&log)?))
        .stderr(Stdio::from(
            std::fs::OpenOptions::new().append(true).open(&log)?,
        ))
        .process_group(0)
        .spawn()
        .context("starting Prism")?;
    let started = Instant::now();
    while started.elapsed() < STARTUP_TIMEOUT {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(Server {
                child,
                port,
                log: Some(log),
            });
        }
        if let Some(status) = child.try_wait()? {
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            bail!("Prism exited ({status}): {}", last_lines(&text, 3));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    drop(Server {
        child,
        port,
        log: Some(log),
    });
    bail!("Prism did not listen within {STARTUP_TIMEOUT:?}")
}

fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(count)..].join(" | ")
}
