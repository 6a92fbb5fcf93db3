//! A throwaway PostgreSQL cluster for the tests: Debian's `postgresql`
//! package, `initdb` into a temporary directory (as the `postgres` user when
//! we are root — initdb refuses root), listening on 127.0.0.1 on a free port
//! with its socket in the same directory, durability off (it is thrown away).
//! The cluster is stopped and its directory removed when the [`Cluster`] is
//! dropped, so also when the tests fail.

use crate::{run, tools};
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Debian package that brings the server binaries.
const PACKAGE: &str = "postgresql";
/// The database the tests are pointed at (each test makes its own beside it).
const DATABASE: &str = "liaison";

/// A running throwaway cluster.
#[derive(Debug)]
pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    /// Run the server's tools as this user (`Some("postgres")` when we are root).
    run_as: Option<&'static str>,
    port: u16,
    stopped: bool,
}

impl Cluster {
    /// Installs PostgreSQL if missing, makes a cluster and starts it.
    pub fn start() -> Result<Cluster> {
        tools::ensure_debian_packages(&[PACKAGE])?;
        let bin = server_bin_dir()?;
        let is_root = run::output("id", &["-u"]).is_some_and(|u| u.trim() == "0");
        let run_as = is_root.then_some("postgres");
        let dir = std::env::temp_dir().join(format!(
            "liaison-pg-{}-{}",
            std::process::id(),
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
        ));
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let port = free_port()?;
        // From here on, dropping the cluster cleans up whatever was made.
        let mut cluster = Cluster { bin, dir, run_as, port, stopped: true };
        if let Some(user) = run_as {
            run::cmd("chown", &[&format!("{user}:{user}"), &cluster.dir.display().to_string()])?;
        }
        let data = cluster.data_dir();
        cluster.tool(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
                "--no-instructions",
            ],
        )?;
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {port} -k {socket} -c fsync=off -c synchronous_commit=off \
             -c full_page_writes=off -c max_connections=200",
            socket = cluster.dir.display()
        );
        let log = cluster.dir.join("server.log").display().to_string();
        cluster.stopped = false;
        if let Err(error) =
            cluster.tool("pg_ctl", &["-D", &data, "-l", &log, "-w", "-t", "60", "-o", &options, "start"])
        {
            let log = std::fs::read_to_string(&log).unwrap_or_default();
            bail!("{error:#}\nserver log:\n{log}");
        }
        let port = port.to_string();
        cluster.tool("createdb", &["-h", "127.0.0.1", "-p", &port, "-U", "postgres", DATABASE])?;
        eprintln!("PostgreSQL is running at {} (throwaway, in {})", cluster.url(), cluster.dir.display());
        Ok(cluster)
    }

    /// Where the tests connect (`LIAISON_TEST_DATABASE_URL`).
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{DATABASE}", self.port)
    }

    fn data_dir(&self) -> String {
        self.dir.join("data").display().to_string()
    }

    /// Runs one of the server's tools, as the `postgres` user if we are root.
    fn tool(&self, name: &str, args: &[&str]) -> Result<()> {
        let program = self.bin.join(name);
        let mut command = match self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&program);
                c
            }
            None => Command::new(&program),
        };
        // The tools must not start in a directory the postgres user cannot read.
        run::status(command.args(args).current_dir(&self.dir))
    }

    /// Stops the cluster and removes its directory.
    pub fn stop(mut self) -> Result<()> {
        self.shut_down()
    }

    fn shut_down(&mut self) -> Result<()> {
        let mut result = Ok(());
        if !self.stopped {
            self.stopped = true;
            result = self.tool("pg_ctl", &["-D", &self.data_dir(), "-m", "fast", "-w", "stop"]);
        }
        if self.dir.exists() {
            std::fs::remove_dir_all(&self.dir).with_context(|| format!("removing {}", self.dir.display()))?;
        }
        result
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if let Err(error) = self.shut_down() {
            eprintln!("stopping the throwaway PostgreSQL: {error:#}");
        }
    }
}

/// Runs `f` with a throwaway cluster's URL; the cluster is stopped afterwards,
/// whether `f` succeeded or not.
pub fn with_cluster<T>(f: impl FnOnce(&str) -> Result<T>) -> Result<T> {
    let cluster = Cluster::start()?;
    let result = f(&cluster.url());
    let stopped = cluster.stop();
    let value = result?;
    stopped?;
    Ok(value)
}

/// `/usr/lib/postgresql/<newest version>/bin`, where Debian puts initdb and pg_ctl.
fn server_bin_dir() -> Result<PathBuf> {
    newest_bin_dir(Path::new("/usr/lib/postgresql"))
        .with_context(|| format!("no PostgreSQL server binaries under /usr/lib/postgresql (package {PACKAGE})"))
}

fn newest_bin_dir(root: &Path) -> Result<PathBuf> {
    let mut versions: Vec<(Vec<u32>, PathBuf)> = std::fs::read_dir(root)
        .with_context(|| format!("reading {}", root.display()))?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let version: Vec<u32> = name.split('.').map(str::parse).collect::<Result<_, _>>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    match versions.pop() {
        Some((_, bin)) => Ok(bin),
        None => bail!("no version directory with bin/initdb in {}", root.display()),
    }
}

/// A port nothing listens on right now (the kernel's choice for port 0).
fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}
