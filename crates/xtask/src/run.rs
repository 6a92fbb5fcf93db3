//! Running commands, loudly: each is echoed before it runs and a failure names it.

use anyhow::{Context, Result, bail};
use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

/// Runs `program args…`, failing if it fails.
pub fn cmd<S: AsRef<OsStr>>(program: impl AsRef<OsStr>, args: &[S]) -> Result<()> {
    status(Command::new(program).args(args))
}

/// Runs a prepared command, failing if it fails.
pub fn status(command: &mut Command) -> Result<()> {
    eprintln!("$ {}", describe(command));
    let status = command.status().with_context(|| format!("starting {}", describe(command)))?;
    if !status.success() {
        bail!("`{}` failed ({status})", describe(command));
    }
    Ok(())
}

/// Runs `cargo args…` with the cargo that runs xtask.
pub fn cargo(args: &[&str]) -> Result<()> {
    cmd(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()), args)
}

/// Whether `program args…` runs and succeeds, silently.
pub fn succeeds(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The standard output of `program args…`, if it succeeds.
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Replaces this process with `program args…` where the OS allows; the server
/// then gets Ctrl-C and SIGTERM itself.
pub fn exec(program: &Path, args: &[String]) -> Result<()> {
    eprintln!("$ {} {}", program.display(), args.join(" "));
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let error = Command::new(program).args(args).exec();
        Err(error).with_context(|| format!("starting {}", program.display()))
    }
    #[cfg(not(unix))]
    status(Command::new(program).args(args))
}

fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}
