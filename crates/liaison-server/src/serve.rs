//! Running the application on a socket: plain HTTP, or HTTPS when a certificate
//! is given, until a shutdown signal; requests under way are allowed to finish.

use axum::Router;
use axum_server::Handle;
use axum_server::tls_rustls::RustlsConfig;
use std::future::Future;
use std::io;
use std::path::Path;
use std::time::Duration;

/// How long requests under way may take to finish after a shutdown signal.
pub const GRACE: Duration = Duration::from_secs(10);

/// Loads a PEM certificate chain and private key for HTTPS.
pub async fn load_tls(cert: &Path, key: &Path) -> io::Result<RustlsConfig> {
    // One crypto provider for the process; a second install is harmless.
    let _ = rustls::crypto::ring::default_provider().install_default();
    RustlsConfig::from_pem_file(cert, key).await.map_err(|e| {
        io::Error::new(e.kind(), format!("TLS certificate {} / key {}: {e}", cert.display(), key.display()))
    })
}

/// Serves `app` on `listener` (HTTPS when `tls` is given) until `shutdown` completes.
pub async fn serve(
    listener: std::net::TcpListener,
    app: Router,
    tls: Option<RustlsConfig>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let handle = Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopper.graceful_shutdown(Some(GRACE));
    });
    // The client's address reaches handlers (the sign-in limiter counts by it).
    let service = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    match tls {
        Some(config) => axum_server::from_tcp_rustls(listener, config).handle(handle).serve(service).await,
        None => axum_server::from_tcp(listener).handle(handle).serve(service).await,
    }
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests under way");
}
