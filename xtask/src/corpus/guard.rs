//! Runs the generator so that a panic becomes a reported result instead of
//! aborting the whole corpus run.

use std::{
    cell::RefCell,
    panic::{self, AssertUnwindSafe},
};

use generator::{Config, Error, Generated, Options, SpecSource};

pub enum Generation {
    Generated(Generated),
    Refused(Error),
    /// The panic message and where it happened.
    Panicked(String),
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

type PanicHook = Box<dyn Fn(&panic::PanicHookInfo<'_>) + Sync + Send + 'static>;

/// Replaces the panic hook for as long as it lives: panics are recorded per
/// thread (for the report) instead of being printed mid-table.
pub struct PanicCapture {
    previous: Option<PanicHook>,
}

impl PanicCapture {
    pub fn install() -> PanicCapture {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(|info| {
            let message = payload_text(info.payload());
            let location = info
                .location()
                .map(|location| format!(" at {}:{}", location.file(), location.line()))
                .unwrap_or_default();
            LAST_PANIC.with(|last| *last.borrow_mut() = Some(format!("{message}{location}")));
        }));
        PanicCapture {
            previous: Some(previous),
        }
    }
}

impl Drop for PanicCapture {
    fn drop(&mut self) {
        if let Some(previous) = self.previous.take() {
            panic::set_hook(previous);
        }
    }
}

/// Generates from `source`, turning a panic into [`Generation::Panicked`].
pub fn generate(source: &SpecSource<'_>, config: &Config, options: &Options) -> Generation {
    LAST_PANIC.with(|last| last.borrow_mut().take());
    // The generator holds no state across calls, so nothing observable is
    // left broken by unwinding out of it.
    let run = || generator::generate_from(source, config, options);
    match panic::catch_unwind(AssertUnwindSafe(run)) {
        Ok(Ok(generated)) => Generation::Generated(generated),
        Ok(Err(error)) => Generation::Refused(error),
        Err(payload) => {
            let recorded = LAST_PANIC.with(|last| last.borrow_mut().take());
            Generation::Panicked(recorded.unwrap_or_else(|| payload_text(&*payload).to_owned()))
        }
    }
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> &str {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text
    } else {
        "(non-string panic payload)"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_text_reads_both_string_kinds() {
        let static_str: Box<dyn std::any::Any + Send> = Box::new("boom");
        let owned: Box<dyn std::any::Any + Send> = Box::new(String::from("bang"));
        let other: Box<dyn std::any::Any + Send> = Box::new(7_u8);
        assert_eq!(payload_text(&*static_str), "boom");
        assert_eq!(payload_text(&*owned), "bang");
        assert_eq!(payload_text(&*other), "(non-string panic payload)");
    }
}
