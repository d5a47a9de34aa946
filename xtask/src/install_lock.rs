//! One installer at a time per tool, across processes.
//!
//! The test command, `cargo xtask contract` and the tests that call them can
//! start together on a fresh clone; two `python3 -m venv` (or `npm ci`, or
//! `cargo install`) into the same folder then fail or leave it half written.
//! An advisory lock on a file beside the tool makes the second wait, and then
//! find the tool installed.

use std::{fs::File, path::Path};

use anyhow::{Context, Result};

/// Blocks until this process holds `<dir>.install-lock`; the lock is released
/// when the returned file is dropped (or the process ends).
pub fn hold(dir: &Path) -> Result<File> {
    let mut name = dir.file_name().unwrap_or_default().to_os_string();
    name.push(".install-lock");
    let path = dir.with_file_name(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))?;
    file.lock()
        .with_context(|| format!("locking {}", path.display()))?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::{sync::mpsc, thread, time::Duration};

    #[test]
    fn a_second_holder_waits_for_the_first() {
        let root = std::env::temp_dir().join(format!("install-lock-test-{}", std::process::id()));
        let dir = root.join("tool");
        let first = hold(&dir).unwrap();
        let (sender, receiver) = mpsc::channel();
        let waiter = {
            let dir = dir.clone();
            thread::spawn(move || {
                let _second = hold(&dir).unwrap();
                sender.send(()).unwrap();
            })
        };
        // While the first lock is held the second holder must not get through.
        assert!(receiver.recv_timeout(Duration::from_millis(300)).is_err());
        drop(first);
        receiver
            .recv_timeout(Duration::from_secs(30))
            .expect("the second holder got the lock");
        waiter.join().unwrap();
        assert!(root.join("tool.install-lock").exists());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
