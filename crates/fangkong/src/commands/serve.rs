//! `fangkong serve`: the web interface and the JSON API over the database.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use fangkong_store::Store;

use crate::cli::ServeArgs;
use crate::clock;
use crate::derive::rules;

/// Builds the demo if the database is empty, loads the engine, and serves.
pub async fn run(db: &Path, rules_path: Option<&Path>, args: &ServeArgs) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    let empty = if db.exists() {
        let store = Store::open(db).await?;
        let totals = store.totals().await?;
        store.close().await;
        totals.units == 0
    } else {
        true
    };
    if empty {
        eprintln!(
            "{} holds no units: building the Wuhan demo first",
            db.display()
        );
        crate::demo::build(db, 2020, true).await?;
    }
    let store = Store::open(db)
        .await
        .with_context(|| format!("opening {}", db.display()))?;
    let last_day = match store.report_span().await? {
        Some((_, last)) => last,
        None => clock::today(),
    };
    let state = fangkong_web::AppState::load(store, rules, last_day).await?;
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .with_context(|| format!("listening on {}", args.listen))?;
    let address = listener.local_addr()?;
    // Not println!: it panics when standard output is closed (a supervisor that
    // reads the first line and goes away), and the server must keep serving.
    let mut out = std::io::stdout();
    let _ = writeln!(
        out,
        "fangkong serving {} on http://{address}/ (data up to {last_day}; English: http://{address}/?lang=en)",
        db.display()
    );
    let _ = writeln!(
        out,
        "JSON API: http://{address}/api/v1/status · OpenAPI: http://{address}/api/v1/openapi.json"
    );
    let _ = out.flush();
    fangkong_web::serve(listener, state).await?;
    Ok(())
}
