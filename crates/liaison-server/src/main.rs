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
    /// The organisation's reference data.
    #[command(subcommand)]
    Org(OrgCommand),
}

#[derive(Debug, Subcommand)]
enum OrgCommand {
    /// Load an organisation's reference data (studios, liaison points,
    /// representatives, shared contacts, opinion categories) from a JSON file
    /// in the `OrgRecord` format (version 1 or 2), replacing what was loaded
    /// for that organisation. A file with any error changes nothing.
    Load {
        /// The JSON file.
        file: std::path::PathBuf,
        #[command(flatten)]
        data: DataConfig,
    },
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
        Command::Org(OrgCommand::Load { file, data }) => load_org(&file, data).await,
    }
}

/// The part of an organisation file a field error is about, in Chinese.
fn org_field_label(field: liaison_core::Field) -> String {
    use liaison_core::Field;
    use liaison_i18n::{Locale, Msg};
    let msg = match field {
        Field::Organisation => Msg::FieldOrganisation,
        Field::Venue => Msg::FieldVenue,
        Field::Representatives => Msg::FieldRepresentatives,
        Field::Attendees => Msg::OrgSharedContacts,
        Field::Category => Msg::FieldCategory,
        _ => return String::new(),
    };
    format!("{}：", msg.text(Locale::ZhCn))
}

async fn load_org(file: &std::path::Path, config: DataConfig) -> anyhow::Result<()> {
    use liaison_i18n::{Locale, Msg};
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let json: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| anyhow::anyhow!("{}: {} ({e})", file.display(), Msg::OrgFileUnreadable.text(Locale::ZhCn)))?;
    let org = liaison_core::org::Org::from_json(json).map_err(|errors| {
        let lines: Vec<String> = errors
            .0
            .iter()
            .map(|e| format!("  {}{}", org_field_label(e.field), e.error.message(Locale::ZhCn)))
            .collect();
        anyhow::anyhow!("{}: {}\n{}", file.display(), Msg::OrgFileInvalid.text(Locale::ZhCn), lines.join("\n"))
    })?;
    let store = Store::open(&config.data_dir)
        .await
        .with_context(|| format!("opening the database in {}", config.data_dir.display()))?;
    store.load_org(&org).await.context("loading the organisation")?;
    store.close().await;
    println!(
        "Loaded {} into {}: {} liaison points, {} studios, {} representatives, {} contacts, {} opinion categories.",
        org.name.as_str(),
        config.data_dir.display(),
        org.liaison_points.len(),
        org.studios.len(),
        org.representatives.len(),
        org.contacts.len(),
        org.categories.defs().len(),
    );
    Ok(())
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
