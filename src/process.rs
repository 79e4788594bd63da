//! What each executable of the project (`policy-search`, the `bench` harness) does when it
//! starts and when it ends, so that both run the engine alike and say their errors alike.

use std::process::ExitCode;

/// Call first in `main`, before any thread is started.
///
/// glibc gives each thread that allocates its own heap arena, up to 8 per core, and memory
/// freed in one is not reused by another: indexing threads then hold far more than they use.
pub fn start() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter, before any thread is started.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// The exit code of a run; an error is printed to stderr first (see [`error_message`]).
pub fn finish<E: std::error::Error>(result: Result<(), E>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", error_message(&e));
            ExitCode::FAILURE
        }
    }
}

/// `error: …`, then each cause in the error's chain that says something the lines before do
/// not (most messages already end with their cause: `reading x: No such file or directory`).
pub fn error_message(e: &dyn std::error::Error) -> String {
    let mut message = format!("error: {e}");
    let mut source = e.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(&format!("\n  caused by: {text}"));
        }
        source = cause.source();
    }
    message
}
