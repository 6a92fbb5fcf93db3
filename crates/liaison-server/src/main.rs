//! The `liaison` command: runs the server. All logic lives in the library.

use anyhow::Context;
use clap::{Parser, Subcommand};
use liaison_core::account::{NewAccount, NewAccountInput};
use liaison_server::auth::{self, CreateAccountError};
use liaison_server::{AppState, Config, Store, router, serve, web::WebRoot};
use std::io::BufRead;

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
    /// Administration from the command line.
    #[command(subcommand)]
    Admin(AdminCommand),
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
    /// Put an organisation under another (上级), or at the top without
    /// --parent. An office sees the matters of the organisations below its
    /// own, and forwards matters only to one above.
    Parent {
        /// The organisation's id.
        org: String,
        /// The id of the organisation above it.
        #[arg(long)]
        parent: Option<String>,
        #[command(flatten)]
        data: DataConfig,
    },
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Create an administrator account (the first one, or another). The
    /// password is read from standard input (one line), or from the
    /// environment variable named by --password-env.
    Create(CreateAdmin),
}

#[derive(Debug, clap::Args)]
struct CreateAdmin {
    /// The login name: 3–32 characters of a-z, 0-9, _ . -
    #[arg(long)]
    login: String,
    /// The name shown to others.
    #[arg(long)]
    name: String,
    /// Read the password from this environment variable instead of standard input.
    #[arg(long, value_name = "VAR")]
    password_env: Option<String>,
    #[command(flatten)]
    data: DataConfig,
}

/// Where the data lives (the same flags and variables as `serve`).
#[derive(Debug, clap::Args)]
struct DataConfig {
    /// Directory holding the database (created on first run).
    #[arg(long, env = "LIAISON_DATA_DIR", default_value = "liaison-data")]
    data_dir: std::path::PathBuf,
    /// PostgreSQL instead of SQLite in the data directory.
    #[arg(long, env = "LIAISON_DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
}

impl DataConfig {
    async fn open(&self) -> anyhow::Result<Store> {
        open_store(self.database_url.as_deref(), &self.data_dir).await
    }
}

/// The configured database; the error names where it is without the URL
/// (which may hold a password).
async fn open_store(database_url: Option<&str>, data_dir: &std::path::Path) -> anyhow::Result<Store> {
    let place = match database_url {
        Some(_) => "the database at --database-url".to_owned(),
        None => format!("the database in {}", data_dir.display()),
    };
    Store::from_config(database_url, data_dir).await.with_context(|| format!("opening {place}"))
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
        Command::Org(OrgCommand::Parent { org, parent, data }) => set_parent(&org, parent.as_deref(), data).await,
        Command::Admin(AdminCommand::Create(command)) => create_admin(command).await,
    }
}

async fn set_parent(org: &str, parent: Option<&str>, config: DataConfig) -> anyhow::Result<()> {
    let id =
        |s: &str| s.parse::<liaison_core::OrganisationId>().with_context(|| format!("not an organisation id: {s}"));
    let (org, parent) = (id(org)?, parent.map(id).transpose()?);
    let store = config.open().await?;
    let set = store.set_org_parent(org, parent).await.context("writing the organisation's parent");
    store.close().await;
    match set? {
        Ok(()) => {
            println!("{org} is now {}.", parent.map_or("at the top".to_owned(), |p| format!("under {p}")));
            Ok(())
        }
        Err(refused) => anyhow::bail!("{} ({refused})", refused.msg().text(liaison_i18n::Locale::ZhCn)),
    }
}

async fn create_admin(command: CreateAdmin) -> anyhow::Result<()> {
    let password = match &command.password_env {
        Some(var) => std::env::var(var).with_context(|| format!("reading the password from ${var}"))?,
        None => {
            eprintln!("Password for {} (one line on standard input):", command.login);
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).context("reading the password from standard input")?;
            line.trim_end_matches(['\n', '\r']).to_owned()
        }
    };
    let account = NewAccount::parse(&NewAccountInput {
        login: command.login.clone(),
        name: command.name.clone(),
        role: "admin".to_owned(),
        password,
        organisation_id: None,
    })
    .map_err(|errors| {
        let problems: Vec<String> = errors
            .0
            .iter()
            .map(|e| format!("--{}: {}", e.field.code(), e.error.message(liaison_i18n::Locale::En)))
            .collect();
        anyhow::anyhow!("the account was not created: {}", problems.join("; "))
    })?;
    let store = command.data.open().await?;
    let id = liaison_core::UserId::from_uuid(uuid::Uuid::new_v4());
    let result = auth::create_account(&store, account, id, auth::now()).await;
    store.close().await;
    match result {
        Ok(user) => {
            println!("Created administrator {} ({}).", user.login.as_str(), user.name.as_str());
            Ok(())
        }
        Err(CreateAccountError::LoginTaken) => {
            anyhow::bail!("the login name {:?} is already taken; nothing was changed", command.login.trim())
        }
        Err(other) => Err(other).context("creating the administrator"),
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
    let store = config.open().await?;
    store.load_org(&org).await.context("loading the organisation")?;
    store.close().await;
    println!(
        "Loaded {} into {}: {} liaison points, {} studios, {} representatives, {} contacts, {} opinion categories.",
        org.name.as_str(),
        if config.database_url.is_some() { "the database".to_owned() } else { config.data_dir.display().to_string() },
        org.liaison_points.len(),
        org.studios.len(),
        org.representatives.len(),
        org.contacts.len(),
        org.categories.defs().len(),
    );
    Ok(())
}

async fn demo(config: DataConfig) -> anyhow::Result<()> {
    let store = config.open().await?;
    let org = liaison_core::demo::organisation();
    store.load_org(&org).await.context("loading the demo organisation")?;
    // After the organisation, which stays the first loaded (the one phones get).
    let units = liaison_core::demo::units();
    for unit in &units {
        store.load_org(unit).await.context("loading the demo's responsible units")?;
    }
    store.close().await;
    println!(
        "Loaded the demo organisation {} into {}: {} liaison points, {} studios, {} representatives, {} contacts, {} responsible units.",
        org.name.as_str(),
        if config.database_url.is_some() {
            "the PostgreSQL database".to_owned()
        } else {
            config.data_dir.display().to_string()
        },
        org.liaison_points.len(),
        org.studios.len(),
        org.representatives.len(),
        org.contacts.len(),
        units.len(),
    );
    Ok(())
}

async fn run(config: Config) -> anyhow::Result<()> {
    let web = WebRoot::new(&config.web_dir)?;
    let store = open_store(config.database_url.as_deref(), &config.data_dir).await?;
    let tls = match (&config.tls_cert, &config.tls_key) {
        (Some(cert), Some(key)) => Some(serve::load_tls(cert, key).await?),
        _ => None,
    };
    let listener = std::net::TcpListener::bind(config.bind).with_context(|| format!("binding {}", config.bind))?;
    let addr = listener.local_addr()?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    // Photo bytes live in the data directory whichever the database.
    let blobs = liaison_server::photos::blobs::BlobStore::open(&config.data_dir)
        .with_context(|| format!("opening the photo folder in {}", config.data_dir.display()))?;
    let app = router(AppState::new(store.clone(), web, blobs));
    // Tests and scripts read this line to learn the port; keep its shape.
    println!("Liaison is running at {scheme}://{addr}/");
    serve(listener, app, tls, serve::shutdown_signal()).await?;
    store.close().await;
    Ok(())
}
