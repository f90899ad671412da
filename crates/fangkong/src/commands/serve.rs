//! `fangkong serve`: the web interface and the JSON API over the database.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use fangkong_store::{Location, Store};

use crate::cli::ServeArgs;
use fangkong_domain::Day;
use fangkong_web::state::Clock;

use crate::demo::{CLOCK_DAY, DEMO_LOGINS};
use crate::derive::rules;

/// The setting holding the SHA-256 of the rules text the server last started with.
const RULES_DIGEST: &str = "rules_sha256";

/// Builds the demo if the database is empty, loads the engine, and serves.
pub async fn run(db: &Location, rules_path: Option<&Path>, args: &ServeArgs) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    if args.replica {
        return serve_replica(db, rules_path, rules, args).await;
    }
    let empty = match db {
        Location::Sqlite(path) if !path.exists() => true,
        _ => {
            let store = Store::connect(db)
                .await
                .with_context(|| format!("opening {db}"))?;
            let totals = store.totals().await?;
            store.close().await;
            totals.units == 0
        }
    };
    if empty {
        eprintln!("{db} holds no units: building the Wuhan demo first");
        crate::demo::build(db, 2020, true).await?;
    }
    let store = Store::connect(db)
        .await
        .with_context(|| format!("opening {db}"))?;
    let clock = clock(&store, args).await?;
    // The rules are a file, not rows: a server started with different rules than
    // the last one records the change (old and new digests, and the source).
    let (rules_text, rules_source) = rules::text(rules_path)?;
    let digest = fangkong_store::sha256_hex(&rules_text);
    if store.setting(RULES_DIGEST).await?.as_deref() != Some(digest.as_str()) {
        store
            .set_setting(
                RULES_DIGEST,
                &digest,
                clock.now(),
                Some(&format!("serve ({rules_source})")),
            )
            .await?;
    }
    let demo_logins = store.setting(DEMO_LOGINS).await?;
    let mut state = fangkong_web::AppState::load(store, rules, clock).await?;
    state.secure_cookies = !args.insecure_cookies;
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .with_context(|| format!("listening on {}", args.listen))?;
    let mut out = announce(db, &listener, &state, "")?;
    if let Some(logins) = demo_logins {
        let _ = writeln!(
            out,
            "demo accounts: {logins} (their password is in the README)"
        );
    }
    let _ = out.flush();
    let _warmer = warm(&state, args);
    // Late reports reminded to whoever is on duty, and the outbox sent.
    let _reminders = (args.remind_every > 0).then(|| {
        fangkong_web::reminders::start(
            state.clone(),
            super::reminders::senders(&args.senders),
            std::time::Duration::from_secs(args.remind_every),
        )
    });
    fangkong_web::serve(listener, state).await?;
    Ok(())
}

/// Serves readers from a read-only replica: nothing written at start, no
/// reminders (the primary's servers send them), every change refused.
async fn serve_replica(
    db: &Location,
    rules_path: Option<&Path>,
    rules: fangkong_domain::config::RulesConfig,
    args: &ServeArgs,
) -> anyhow::Result<()> {
    let store = Store::connect_replica(db)
        .await
        .with_context(|| format!("opening the replica {db}"))?;
    if store.totals().await?.units == 0 {
        anyhow::bail!("the replica {db} holds no units: build or import on the primary first");
    }
    let clock = clock(&store, args).await?;
    // The rules the primary's servers last started with are recorded there;
    // a replica only says when its own differ.
    let (rules_text, _) = rules::text(rules_path)?;
    let digest = fangkong_store::sha256_hex(&rules_text);
    if store.setting(RULES_DIGEST).await?.as_deref() != Some(digest.as_str()) {
        tracing::warn!("this replica's rules differ from those the primary's server last recorded");
    }
    let mut state = fangkong_web::AppState::load(store, rules, clock).await?;
    state.secure_cookies = !args.insecure_cookies;
    let listener = tokio::net::TcpListener::bind(&args.listen)
        .await
        .with_context(|| format!("listening on {}", args.listen))?;
    let mut out = announce(
        db,
        &listener,
        &state,
        " (a read-only replica: changes go to the primary's servers)",
    )?;
    let _ = out.flush();
    let _warmer = warm(&state, args);
    fangkong_web::serve(listener, state).await?;
    Ok(())
}

/// Says where the server serves (and the day taken as today when a season
/// is replayed), and returns standard output for more.
fn announce(
    db: &Location,
    listener: &tokio::net::TcpListener,
    state: &fangkong_web::AppState,
    what: &str,
) -> anyhow::Result<std::io::Stdout> {
    let address = listener.local_addr()?;
    let last_day = state.last_day;
    // Not println!: it panics when standard output is closed (a supervisor that
    // reads the first line and goes away), and the server must keep serving.
    let mut out = std::io::stdout();
    let _ = writeln!(
        out,
        "fangkong serving {db}{what} on http://{address}/ (data up to {last_day}; English: http://{address}/?lang=en)"
    );
    let _ = writeln!(
        out,
        "JSON API: http://{address}/api/v1/status · OpenAPI: http://{address}/api/v1/openapi.json"
    );
    if let Clock::Fixed(day) = state.clock {
        let _ = writeln!(
            out,
            "replaying a past season: today is taken as {day} (--today, or the database's {CLOCK_DAY} setting)"
        );
    }
    Ok(out)
}

/// Pages asked for lately are derived again after writes, in the background.
fn warm(state: &fangkong_web::AppState, args: &ServeArgs) -> Option<tokio::task::JoinHandle<()>> {
    (args.warm_every > 0).then(|| {
        fangkong_web::warm::start(
            state.clone(),
            std::time::Duration::from_secs(args.warm_every),
        )
    })
}

/// The server's clock: `--today`, else the database's `clock_day` setting
/// (a replayed season), else the current day.
async fn clock(store: &Store, args: &ServeArgs) -> anyhow::Result<Clock> {
    Ok(match (&args.today, store.setting(CLOCK_DAY).await?) {
        (Some(day), _) => Clock::Fixed(crate::commands::day_arg("--today", day)?),
        (None, Some(day)) => Clock::Fixed(
            Day::parse(&day).with_context(|| format!("the setting {CLOCK_DAY} is not a day"))?,
        ),
        (None, None) => Clock::Live,
    })
}
