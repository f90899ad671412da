//! `fangkong demo`: the Wuhan demo database, built through the same import paths
//! and rules as real data (every generated report passes the same checks).
//!
//! Real: the 3,711 divisions, the published daily series and its annotations,
//! embedded from `data/` (see `data/SOURCES.md`). Synthetic, and marked so:
//! the residential compounds and the grassroots reports.

pub mod appeals;
pub mod compounds;
pub mod inspections;
pub mod registry;
pub mod rng;
pub mod roster;
pub mod season;
pub mod submissions;

use std::time::Instant;

use anyhow::Context;
use fangkong_domain::access::{Password, Role, Username};
use fangkong_domain::report::Submission;
use fangkong_domain::unit::UnitVersion;
use fangkong_domain::{Day, UnitCode};
use fangkong_store::{Location, NewAccount, Store};
use indicatif::{ProgressBar, ProgressStyle};

use crate::clock;
use crate::import::intake::ReportIntake;
use crate::import::{CsvInput, annotations, published, units};

/// The real Wuhan divisions (NBS 2020 edition).
pub const DIVISIONS: &[u8] = include_bytes!("../../../../data/wuhan-divisions.csv");
/// The real Wuhan published daily series.
pub const WUHAN_DAILY: &[u8] = include_bytes!("../../../../data/wuhan-daily.csv");
/// The annotations on the Wuhan series.
pub const WUHAN_ANNOTATIONS: &[u8] = include_bytes!("../../../../data/wuhan-annotations.csv");
/// Wuhan's code.
pub const WUHAN: &str = "420100000000";
/// The first day of the synthetic season (the day human-to-human spread was announced).
pub const SEASON_START: &str = "2020-01-20";
/// The last day of the synthetic season.
pub const SEASON_END: &str = "2020-04-30";

/// The setting that fixes the day taken as today (a replay of a past season).
pub const CLOCK_DAY: &str = "clock_day";
/// The setting that lists the demo's accounts (names only), printed by
/// `serve`. (An older `demo_logins` setting held the password too; it is no
/// longer read.)
pub const DEMO_LOGINS: &str = "demo_accounts";
/// The demo accounts' password (public: it is a demo).
pub const DEMO_PASSWORD: &str = "fangkong2020";
/// The community of the demo's community worker: its compounds have not yet
/// reported on the season's last day, so that the worker has a report to file.
pub const DEMO_COMMUNITY: &str = "420102002003";

/// The demo's accounts: username, display name, role, scope.
const DEMO_ACCOUNTS: [(&str, &str, Role, &str); 5] = [
    ("zhihuibu", "市指挥部", Role::CommandCentre, WUHAN),
    ("jiangan", "江岸区指挥部", Role::District, "420102000000"),
    ("wangfang", "王芳", Role::CommunityWorker, DEMO_COMMUNITY),
    ("rexian", "12345 热线", Role::HotlineOperator, WUHAN),
    ("admin", "系统管理员", Role::Administrator, WUHAN),
];

/// Builds the demo into the database file `db`.
pub async fn build(db: &Location, seed: u64, force: bool) -> anyhow::Result<()> {
    let started = Instant::now();
    let exists = match db {
        Location::Sqlite(path) => path.exists(),
        Location::Postgres(_) => true,
    };
    if exists {
        let store = Store::connect(db)
            .await
            .with_context(|| format!("opening {db}"))?;
        let totals = store.totals().await?;
        store.close().await;
        if totals.units > 0 && !force {
            anyhow::bail!(
                "{} already holds data ({} units, {} reports); pass --force to replace it, or --db to choose another file",
                db,
                totals.units,
                totals.reports
            );
        }
        Store::erase(db)
            .await
            .with_context(|| format!("emptying {db}"))?;
    }
    let store = Store::connect(db)
        .await
        .with_context(|| format!("creating {db}"))?;

    let step = |msg: &str| eprintln!("[{:>5.1}s] {msg}", started.elapsed().as_secs_f64());
    // The replayed day first: everything the demo records falls on it, on the
    // database's one clock (not the machine's year).
    let now = fangkong_web::state::Clock::Fixed(Day::parse(SEASON_END)?).now();
    store
        .set_setting(CLOCK_DAY, SEASON_END, now, Some("demo"))
        .await?;
    step("importing the real Wuhan divisions (NBS 2020)");
    units::import_units(
        &store,
        CsvInput::from_bytes("wuhan-divisions.csv", DIVISIONS),
        None,
    )
    .await?;

    step("adding synthetic residential compounds");
    let stored = store.units().await?;
    let tree = stored
        .history
        .current_tree()
        .map_err(|e| anyhow::anyhow!("division tree invalid: {}", e[0]))?;
    let compounds = compounds::generate(&tree, seed);
    let versions: Vec<(UnitCode, UnitVersion)> = stored
        .history
        .plan_adds(&compounds, None)?
        .into_iter()
        .zip(&compounds)
        .map(|(v, r)| (r.code.clone(), v))
        .collect();
    store.add_units(&versions, now, "demo").await?;

    step("importing the real published series and annotations");
    published::import_published(
        &store,
        CsvInput::from_bytes("wuhan-daily.csv", WUHAN_DAILY),
        WUHAN,
        false,
        &[],
    )
    .await?;
    annotations::import_annotations(
        &store,
        CsvInput::from_bytes("wuhan-annotations.csv", WUHAN_ANNOTATIONS),
        false,
    )
    .await?;

    step("generating the synthetic season of daily reports");
    let stored = store.units().await?;
    let tree = stored
        .history
        .current_tree()
        .map_err(|e| anyhow::anyhow!("tree invalid: {}", e[0]))?;
    let start = Day::parse(SEASON_START)?;
    let end = Day::parse(SEASON_END)?;
    let series = store.published_series(&UnitCode::parse(WUHAN)?).await?;
    let totals: Vec<Option<i64>> = (0..=end.offset_from(start))
        .map(|k| {
            let day = start.plus_days(k);
            series
                .iter()
                .find(|d| Some(d.day) == day)
                .and_then(|d| d.new_confirmed)
        })
        .collect();
    let season = season::Season::new(&tree, start, totals, seed);
    let bar = ProgressBar::new(season.days() as u64);
    bar.set_style(
        ProgressStyle::with_template("  reports [{bar:30}] {pos}/{len} days {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let mut intake = ReportIntake::begin(
        &store,
        &stored,
        clock::today(),
        Submission::New,
        "demo season",
        fangkong_store::Channel::Form,
        "demo",
    )
    .await?;
    let community = UnitCode::parse(DEMO_COMMUNITY)?;
    let last = season.days().saturating_sub(1);
    let mut submissions = submissions::Submissions::new(&tree, &season, seed, end)?;
    // The city's annotated revisions (325 on 2020-04-16, not new infections
    // of that day): the reports that carry them mark them as backlog, so that
    // every level leaves them out of its trend as the city does.
    let mut backlog: std::collections::HashMap<Day, u32> = store
        .annotations(Some(&UnitCode::parse(WUHAN)?))
        .await?
        .into_iter()
        .filter_map(|a| Some((a.day, a.excluded_from_trend?)))
        .collect();
    for offset in 0..season.days() {
        for mut report in season.reports_for(offset) {
            if let Some(left) = backlog.get_mut(&report.day) {
                let marked = (*left).min(report.new_confirmed.get());
                report.backlog = fangkong_domain::Count::new(marked);
                *left -= marked;
            }
            let pending = offset == last
                && tree.get(&report.unit).and_then(|r| r.parent.as_ref()) == Some(&community);
            if !pending {
                submissions.copy_if_copier(&mut report);
                let provenance = submissions.provenance(&report);
                intake.offer_with(None, report, provenance).await?;
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    let written = intake.finish().await?;

    step("adding the synthetic four-categories registry of Jiang'an");
    let built = registry::build(&store, &stored, &tree, &season, seed, end).await?;
    eprintln!(
        "         {} people, {} steps, {} check-ins",
        built.people, built.steps, built.check_ins
    );

    step("adding a synthetic stream of citizen appeals in Jiang'an");
    let appeals = appeals::build(&store, &tree, seed, start, end).await?;
    eprintln!(
        "         {} appeals, {} changes in their lives",
        appeals.appeals, appeals.changes
    );

    step("adding the synthetic roster, rota and care of Jiang'an's communities and villages");
    let roster = roster::build(&store, &stored, &tree, seed, start, end, now).await?;
    eprintln!(
        "         {} people in {} units, {} duties kept ({} gaps named), {} care records",
        roster.people, roster.units, roster.duties, roster.gaps, roster.care
    );

    step("adding synthetic inspections of Jiang'an and passes of 保成社区");
    let rules = crate::derive::rules::load(None)?;
    let inspected = inspections::build(
        &store,
        &rules,
        seed,
        (start, end.plus_days(-1).unwrap_or(end), end),
        now,
    )
    .await?;
    eprintln!(
        "         {} inspectors, {} inspections ({} failed), {} passes",
        inspected.inspectors, inspected.inspections, inspected.failed, inspected.passes
    );

    step("adding the demo accounts");
    let mut logins = Vec::new();
    for (username, name, role, scope) in DEMO_ACCOUNTS {
        store
            .add_account(
                &NewAccount {
                    username: Username::parse(username)?,
                    display_name: name.to_string(),
                    role,
                    scope: UnitCode::parse(scope)?,
                    password: Password::new(DEMO_PASSWORD)?,
                },
                now,
                Some("demo"),
            )
            .await?;
        // The names only: a password is never printed or stored in the clear.
        logins.push(format!("{username} ({name})"));
    }
    store
        .set_setting(DEMO_LOGINS, &logins.join(" · "), now, Some("demo"))
        .await?;
    let totals = store.totals().await?;
    store.close().await;
    let size = match db {
        Location::Sqlite(path) => std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        Location::Postgres(_) => 0,
    };
    step("done");
    println!(
        "demo database {}: {} units ({} synthetic compounds, {} reporting units), {} daily reports from {SEASON_START} to {SEASON_END}, {} published days, {} annotations; {:.0} MB, built in {:.1} s",
        db,
        totals.units,
        compounds.len(),
        season.leaves(),
        written,
        totals.published_days,
        totals.annotations,
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    println!(
        "try: fangkong units --kind district · fangkong published {WUHAN} · fangkong history 420102002003-01 2020-02-12"
    );
    Ok(())
}
