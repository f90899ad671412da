//! `fangkong appeals import|change|recategorise|list|stats`: appeals taken in
//! from a file, their lives recorded, and what they add up to.

use std::collections::HashMap;

use fangkong_domain::appeals::deadline::{Deadlines, escalated};
use fangkong_domain::appeals::lifecycle::{Change, Event, current_unit};
use fangkong_domain::appeals::tally::Tally;
use fangkong_domain::appeals::{Category, Router, Urgency};
use fangkong_domain::limits::{Limits, TextKind, normalise};
use fangkong_domain::{Day, UnitCode};
use fangkong_store::{AppealChangeError, AppealInput, Store};
use jiff::{SignedDuration, Timestamp};

use super::rejected_arg;
use crate::import::{CsvInput, Rejected};
use crate::output::{Cell, Format, Table};

pub use fangkong_domain::day::instant;

async fn at_or_now(store: &Store, at: Option<&str>) -> anyhow::Result<Timestamp> {
    match at {
        Some(t) => Ok(instant(t).map_err(|e| rejected_arg("--at", e))?),
        None => crate::clock::now_in(store).await,
    }
}

/// `appeals import FILE`.
pub async fn import(
    store: &Store,
    file: &std::path::Path,
    router: &Router,
    limits: &Limits,
) -> anyhow::Result<()> {
    let mut input = CsvInput::open(file, limits)?;
    let columns = input.columns(&["ref", "received_at", "channel", "text"])?;
    let col = |n: &str| columns.at(n);
    let (r, received, channel, text) =
        (col("ref"), col("received_at"), col("channel"), col("text"));
    let (phone, name, address, city, area) = (
        col("phone"),
        col("name"),
        col("address"),
        col("city"),
        col("area"),
    );
    // Optional decisions a person already made: they win over the model's.
    let (unit_col, category_col, urgency_col) = (col("unit"), col("category"), col("urgency"));
    let units = store.units().await?;
    let now = crate::clock::now_in(store).await?;
    let mut rejected = Rejected::new(input.label());
    let mut batch: Vec<AppealInput> = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    while let Some(row) = input.next_row(&mut rejected) {
        let line = Some(row.line);
        let reference = row.get(r).trim().to_string();
        if reference.is_empty() {
            rejected.add(line, Some("ref"), "the reference is empty");
        } else if let Some(first) = seen.insert(reference.clone(), row.line) {
            rejected.add(
                line,
                Some("ref"),
                format!("{reference} appears twice (first on line {first})"),
            );
        }
        let received_at = instant(row.get(received))
            .map_err(|e| rejected.add(line, Some("received_at"), e))
            .ok();
        if let Some(t) = received_at
            && t > now
        {
            rejected.add(line, Some("received_at"), format!("{t} is in the future"));
        }
        let channel = match row.get(channel).trim() {
            "hotline" => Some("hotline"),
            "message_board" => Some("message_board"),
            "api" => Some("api"),
            "import" | "" => Some("import"),
            other => {
                rejected.add(
                    line,
                    Some("channel"),
                    format!("'{other}' is not a channel (hotline, message_board, api, import)"),
                );
                None
            }
        };
        let body = normalise(row.get(text).trim());
        if body.is_empty() {
            rejected.add(line, Some("text"), "the text is empty");
        }
        let cell = |c: Option<usize>| Some(row.get(c).trim()).filter(|v| !v.is_empty());
        for (field, e) in limits.fields(&[
            ("text", Some(&body), TextKind::Long),
            ("name", cell(name), TextKind::Name),
            ("phone", cell(phone), TextKind::Phone),
            ("address", cell(address), TextKind::Address),
            ("city", cell(city), TextKind::Address),
            ("area", cell(area), TextKind::Address),
        ]) {
            rejected.add(line, Some(field), e.to_string());
        }
        let (Some(received_at), Some(channel)) = (received_at, channel) else {
            continue;
        };
        let opt = |c: Option<usize>| Some(row.get(c).trim().to_string()).filter(|s| !s.is_empty());
        let unit = opt(unit_col).and_then(|u| match UnitCode::parse(&u) {
            Ok(code) if units.ids.contains_key(&code) => Some(code),
            _ => {
                rejected.add(line, Some("unit"), format!("no unit {u}"));
                None
            }
        });
        let category = opt(category_col).and_then(|c| {
            Category::parse(&c).or_else(|| {
                rejected.add(line, Some("category"), format!("'{c}' is not a category"));
                None
            })
        });
        let urgency = opt(urgency_col).and_then(|u| {
            Urgency::parse(&u).or_else(|| {
                rejected.add(
                    line,
                    Some("urgency"),
                    format!("'{u}' is not urgent or normal"),
                );
                None
            })
        });
        batch.push(AppealInput {
            reference,
            channel,
            received_at,
            text: body,
            name: opt(name),
            phone: opt(phone),
            address: opt(address).or_else(|| opt(area)),
            place: format!("{} {}", row.get(city), row.get(area)),
            category,
            unit,
            urgency,
            post: None,
        });
    }
    rejected.into_result()?;
    let done = store
        .take_in_appeals(&batch, router, now, &crate::actor::cli_actor())
        .await?;
    crate::out!(
        "{} appeals taken in: {} routed, {} to the queue; {} joined a group of duplicates",
        done.appeals,
        done.routed,
        done.appeals - done.routed,
        done.grouped
    );
    Ok(())
}

/// `appeals change REF EVENT …`.
#[allow(clippy::too_many_arguments)]
pub async fn change(
    store: &Store,
    reference: &str,
    event: &str,
    unit: Option<&str>,
    note: &str,
    promised: Option<&str>,
    satisfaction: Option<u8>,
    at: Option<&str>,
) -> anyhow::Result<()> {
    let unit = unit
        .map(|c| UnitCode::parse(c).map_err(|e| rejected_arg("--unit", e.to_string())))
        .transpose()?;
    let promised = promised
        .map(|p| Day::parse(p).map_err(|e| rejected_arg("--promise", e.to_string())))
        .transpose()?;
    let event = Event::from_parts(event, unit, promised, satisfaction)
        .map_err(|e| rejected_arg("EVENT", e.to_string()))?;
    let change = Change {
        at: at_or_now(store, at).await?,
        actor: crate::actor::cli_actor(),
        event,
        note: note.trim().to_string(),
    };
    match store.change_appeal(reference, &change).await {
        Ok((before, after)) => {
            crate::out!("appeal {reference}: {} → {}", before.name(), after.name());
            Ok(())
        }
        Err(AppealChangeError::Store(e)) => Err(e.into()),
        Err(e @ AppealChangeError::NotFound(_)) => {
            Err(rejected_arg("REFERENCE", e.to_string()).into())
        }
        Err(e @ AppealChangeError::UnknownUnit(_)) => {
            Err(rejected_arg("--unit", e.to_string()).into())
        }
        Err(e) => Err(rejected_arg("EVENT", e.to_string()).into()),
    }
}

/// `appeals recategorise REF --category C --reason R`.
pub async fn recategorise(
    store: &Store,
    reference: &str,
    category: &str,
    reason: &str,
) -> anyhow::Result<()> {
    let c = Category::parse(category).ok_or_else(|| {
        rejected_arg(
            "--category",
            format!("'{category}' is not a category (stranded, transport, supplies, medical, housing, mental_health, complaint, other)"),
        )
    })?;
    if reason.trim().is_empty() {
        return Err(rejected_arg("--reason", "say why the category changes".into()).into());
    }
    store
        .recategorise_appeal(
            reference,
            c,
            reason.trim(),
            crate::clock::now_in(store).await?,
            &crate::actor::cli_actor(),
        )
        .await
        .map_err(|e| match e {
            fangkong_store::StoreError::NotFound => {
                anyhow::Error::from(rejected_arg("REFERENCE", format!("no appeal {reference}")))
            }
            other => other.into(),
        })?;
    crate::out!("appeal {reference} is now {c} (set by hand)");
    Ok(())
}

fn hours(d: SignedDuration) -> Cell {
    Cell::Decimal(d.as_secs_f64() / 3600.0)
}

/// `appeals list`.
pub async fn list(
    store: &Store,
    deadlines: &Deadlines,
    open: bool,
    overdue: bool,
    at: Option<&str>,
    format: Format,
) -> anyhow::Result<()> {
    let now = at_or_now(store, at).await?;
    let appeals = store.appeals(None).await?;
    let units = store.units().await?;
    let tree = units
        .history
        .current_tree()
        .map_err(|e| anyhow::anyhow!("the stored tree is invalid: {}", e[0]))?;
    let mut copies: HashMap<&str, u32> = HashMap::new();
    for a in &appeals {
        if let Some(d) = &a.duplicate_of {
            *copies.entry(d.as_str()).or_insert(0) += 1;
        }
    }
    let mut table = Table::new(&[
        "ref",
        "received_at",
        "category",
        "category_by",
        "urgency",
        "status",
        "unit",
        "due",
        "late_hours",
        "escalated_to",
        "promised",
        "promise",
        "duplicates",
    ]);
    for a in appeals
        .iter()
        .filter(|a| a.duplicate_of.is_none() && a.received_at <= now)
    {
        let (past, s) = a
            .as_of(now, deadlines)
            .map_err(|e| anyhow::anyhow!("appeal {} is not valid: {e}", a.reference))?;
        if (open && s.status == fangkong_domain::appeals::lifecycle::Status::Closed)
            || (overdue && s.late_by.is_none())
        {
            continue;
        }
        let with = current_unit(&past, a.unit.as_ref()).cloned();
        let escalated_to = with
            .as_ref()
            .filter(|_| s.escalation > 0)
            .and_then(|c| tree.index_of(c))
            .map(|i| {
                tree.unit(escalated(&tree, i, s.escalation))
                    .code
                    .to_string()
            });
        table.push(vec![
            a.reference.clone().into(),
            a.received_at.to_string().into(),
            a.category.name().into(),
            if a.category_by_person {
                "person"
            } else {
                "model"
            }
            .into(),
            a.urgency.name().into(),
            s.status.name().into(),
            with.map(|c| c.to_string()).into(),
            s.due.to_string().into(),
            s.late_by.map_or(Cell::Empty, hours),
            escalated_to.into(),
            s.promise.map(|p| p.0.to_string()).into(),
            s.promise.map(|p| p.1.name()).into(),
            copies
                .get(a.reference.as_str())
                .copied()
                .unwrap_or(0)
                .into(),
        ]);
    }
    table.print(format)
}

/// `appeals stats`.
pub async fn stats(
    store: &Store,
    deadlines: &Deadlines,
    at: Option<&str>,
    format: Format,
) -> anyhow::Result<()> {
    let now = at_or_now(store, at).await?;
    let appeals = store.appeals(None).await?;
    let mut rows: HashMap<Category, Tally> = HashMap::new();
    for a in appeals.iter().filter(|a| a.received_at <= now) {
        let r = rows.entry(a.category).or_default();
        if a.duplicate_of.is_some() {
            r.add_duplicate();
            continue;
        }
        let (_, s) = a
            .as_of(now, deadlines)
            .map_err(|e| anyhow::anyhow!("appeal {} is not valid: {e}", a.reference))?;
        r.add(&s);
    }
    let mut table = Table::new(&[
        "category",
        "appeals",
        "duplicates",
        "open",
        "overdue",
        "response_p50_hours",
        "response_p90_hours",
        "promises_kept",
        "promises_broken",
        "promises_pending",
        "satisfaction",
    ]);
    let decimal = |x: Option<f64>| x.map_or(Cell::Empty, Cell::Decimal);
    for c in Category::ALL {
        let Some(r) = rows.get_mut(&c) else { continue };
        table.push(vec![
            c.name().into(),
            r.appeals.into(),
            r.duplicates.into(),
            r.open.into(),
            r.overdue.into(),
            decimal(r.response_hours(0.5)),
            decimal(r.response_hours(0.9)),
            r.kept.into(),
            r.broken.into(),
            r.pending.into(),
            decimal(r.satisfaction()),
        ]);
    }
    table.print(format)
}
