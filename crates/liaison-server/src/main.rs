//! The `liaison` command: runs the server. All logic lives in the library.

use anyhow::Context;
use clap::{Parser, Subcommand};
use liaison_server::{AppState, Config, Store, router, serve, web::WebRoot};
use std::sync::Arc;

#[derive(Debug, Parser)]
#[command(name = "liaison", version, about = "Liaison (联络): offline-first grassroots liaison work")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the app and the sync API.
    Serve(Config),
    /// Load the demo organisation (12 liaison points, 2 studios, representatives,
    /// contacts) into the database; running it again changes nothing.
    Demo(DataConfig),
}

/// Where the data lives (the same flag and variable as `serve`).
#[derive(Debug, clap::Args)]
struct DataConfig {
    /// Directory holding the database (created on first run).
    #[arg(long, env = "LIAISON_DATA_DIR", default_value = "liaison-data")]
    data_dir: std::path::PathBuf,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("LIAISON_LOG").unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match Cli::parse().command {
        Command::Serve(config) => run(config).await,
        Command::Demo(config) => demo(config).await,
    }
}

async fn demo(config: DataConfig) -> anyhow::Result<()> {
    let store = Store::open(&config.data_dir)
        .await
        .with_context(|| format!("opening the database in {}", config.data_dir.display()))?;
    let org = liaison_core::demo::organisation();
    store.load_org(&org).await.context("loading the demo organisation")?;
    store.close().await;
    println!(
        "Loaded the demo organisation {} into {}: {} liaison points, {} studios, {} representatives, {} contacts.",
        org.name.as_str(),
        config.data_dir.display(),
        org.liaison_points.len(),
        org.studios.len(),
        org.representatives.len(),
        org.contacts.len(),
    );
    Ok(())
}

async fn run(config: Config) -> anyhow::Result<()> {
    let web = WebRoot::new(&config.web_dir)?;
    let store = Store::open(&config.data_dir)
        .await
        .with_context(|| format!("opening the database in {}", config.data_dir.display()))?;
    let tls = match (&config.tls_cert, &config.tls_key) {
        (Some(cert), Some(key)) => Some(serve::load_tls(cert, key).await?),
        _ => None,
    };
    let listener = std::net::TcpListener::bind(config.bind).with_context(|| format!("binding {}", config.bind))?;
    let addr = listener.local_addr()?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    let app = router(AppState { store: store.clone(), web: Arc::new(web) });
    // Tests and scripts read this line to learn the port; keep its shape.
    println!("Liaison is running at {scheme}://{addr}/");
    serve(listener, app, tls, serve::shutdown_signal()).await?;
    store.close().await;
    Ok(())
}
