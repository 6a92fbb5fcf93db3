//! Server configuration: command-line flags, each also settable as a `LIAISON_*`
//! environment variable, with defaults that work on a laptop.

use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;

/// How to run the server.
#[derive(Clone, Debug, Args)]
pub struct Config {
    /// Address to listen on. Use 0.0.0.0:8443 (with TLS) to reach it from phones.
    #[arg(long, env = "LIAISON_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Directory for the SQLite database and for photo bytes (`photos/`, used
    /// with PostgreSQL too: servers sharing one database must share it); created
    /// on first run.
    #[arg(long, env = "LIAISON_DATA_DIR", default_value = "liaison-data")]
    pub data_dir: PathBuf,

    /// PostgreSQL instead of SQLite: `postgres://user:password@host/database`.
    /// Without it the database is SQLite in the data directory.
    #[arg(long, env = "LIAISON_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// The built PWA (`cargo xtask build` writes it to target/dist).
    #[arg(long, env = "LIAISON_WEB_DIR", default_value = "target/dist")]
    pub web_dir: PathBuf,

    /// PEM certificate chain for HTTPS (phones need HTTPS for offline use).
    #[arg(long, env = "LIAISON_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// PEM private key for HTTPS.
    #[arg(long, env = "LIAISON_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}
