//! `fangkong appeals classify|evaluate`: the classifier and the router on a
//! file of appeals, and the classifier's figures on the evaluation sample.

use fangkong_domain::appeals::Router;
use fangkong_domain::appeals::sample::standard_classifier;
use fangkong_domain::appeals::urgency::urgency;
use fangkong_store::Store;

use crate::cli::AppealsCommand;
use crate::import::{CsvInput, Rejected};
use crate::output::{Cell, Table};

/// Runs one appeals command.
pub async fn run(
    store: &Store,
    cmd: AppealsCommand,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = crate::derive::rules::load(rules_path)?;
    let deadlines = rules.appeals.deadlines;
    match cmd {
        AppealsCommand::Import { file } => {
            let router = router(store).await?;
            super::appeals_life::import(store, &file, &router, &rules.limits).await
        }
        AppealsCommand::Voices { file, feed } => {
            let router = router(store).await?;
            super::appeals_voices::import(store, &file, &feed, &router, &rules.limits).await
        }
        AppealsCommand::Change {
            reference,
            event,
            unit,
            note,
            promise,
            satisfaction,
            at,
        } => {
            super::appeals_life::change(
                store,
                &reference,
                &event,
                unit.as_deref(),
                &note,
                promise.as_deref(),
                satisfaction,
                at.as_deref(),
            )
            .await
        }
        AppealsCommand::Recategorise {
            reference,
            category,
            reason,
        } => super::appeals_life::recategorise(store, &reference, &category, &reason).await,
        AppealsCommand::List {
            open,
            overdue,
            at,
            format,
        } => {
            super::appeals_life::list(store, &deadlines, open, overdue, at.as_deref(), format).await
        }
        AppealsCommand::Stats { at, format } => {
            super::appeals_life::stats(store, &deadlines, at.as_deref(), format).await
        }
        AppealsCommand::Classify {
            file,
            explain,
            format,
        } => {
            let mut input = CsvInput::open(&file, &rules.limits)?;
            let columns = input.columns(&["id", "text"])?;
            let (id, text) = (columns.at("id"), columns.at("text"));
            let (city, area) = (columns.at("city"), columns.at("area"));
            let mut rejected = Rejected::new(input.label());
            let mut rows = Vec::new();
            while let Some(row) = input.next_row(&mut rejected) {
                if row.get(text).trim().is_empty() {
                    rejected.add(Some(row.line), Some("text"), "the text is empty");
                    continue;
                }
                rows.push((
                    row.get(id).to_string(),
                    row.get(text).to_string(),
                    format!("{} {}", row.get(city), row.get(area)),
                ));
            }
            rejected.into_result()?;
            let router = router(store).await?;
            let model = standard_classifier();
            let mut headers = vec![
                "id",
                "category",
                "confidence",
                "second",
                "urgency",
                "urgent_because",
                "district",
                "unit_code",
                "unit_name",
            ];
            if explain {
                headers.extend(["because", "second_because"]);
            }
            let mut table = Table::new(&headers);
            for (id, text, address) in rows {
                let d = model.classify(&text);
                let (u, why) = urgency(&text);
                // The caller's own address fields first: they are the most exact.
                let route = router.route(&format!("{address} {text}"));
                let mut row: Vec<Cell> = vec![
                    id.into(),
                    d.category.name().into(),
                    Cell::Ratio(f64::from(d.confidence)),
                    d.second.map(|c| c.name().to_string()).into(),
                    u.name().into(),
                    why.map(|(w, _)| w.to_string()).into(),
                    route.as_ref().map(|r| r.district.clone()).into(),
                    route.as_ref().map(|r| r.unit.to_string()).into(),
                    route.as_ref().map(|r| r.unit_name.clone()).into(),
                ];
                if explain {
                    row.push(
                        d.because
                            .iter()
                            .take(5)
                            .map(|w| format!("{}:{:.1}", w.feature, w.weight))
                            .collect::<Vec<_>>()
                            .join(" ")
                            .into(),
                    );
                    row.push(d.second_because.into());
                }
                table.push(row);
            }
            table.print(format)
        }
        AppealsCommand::Evaluate {
            routing: Some(file),
            format,
            ..
        } => {
            let router = router(store).await?;
            let mut input = CsvInput::open(&file, &rules.limits)?;
            let columns = input.columns(&["id", "city", "area", "text"])?;
            let (city, area, text) = (columns.at("city"), columns.at("area"), columns.at("text"));
            let mut rejected = Rejected::new(input.label());
            let (mut with_answer, mut correct, mut wrong, mut unrouted) = (0u32, 0u32, 0u32, 0u32);
            while let Some(row) = input.next_row(&mut rejected) {
                // The answer: the district the caller wrote in their own city field.
                let Some(answer) = router
                    .route(row.get(city))
                    .filter(|r| row.get(city).contains(r.district.as_str()))
                else {
                    continue;
                };
                with_answer += 1;
                match router.route(&format!("{} {}", row.get(area), row.get(text))) {
                    Some(r) if r.district == answer.district => correct += 1,
                    Some(_) => wrong += 1,
                    None => unrouted += 1,
                }
            }
            rejected.into_result()?;
            let mut table = Table::new(&[
                "appeals_with_a_district",
                "correct",
                "wrong",
                "unrouted",
                "accuracy_of_routed",
                "share_routed",
            ]);
            let routed = correct + wrong;
            table.push(vec![
                with_answer.into(),
                correct.into(),
                wrong.into(),
                unrouted.into(),
                if routed > 0 {
                    Cell::Ratio(f64::from(correct) / f64::from(routed))
                } else {
                    Cell::Empty
                },
                if with_answer > 0 {
                    Cell::Ratio(f64::from(routed) / f64::from(with_answer))
                } else {
                    Cell::Empty
                },
            ]);
            table.print(format)
        }
        AppealsCommand::Evaluate {
            cross_validate: true,
            format,
            ..
        } => super::appeals_evaluation::cross_validated(format),
        AppealsCommand::Evaluate {
            reliability: true,
            format,
            ..
        } => super::appeals_evaluation::reliability(format),
        AppealsCommand::Evaluate {
            triage: true,
            format,
            ..
        } => super::appeals_evaluation::triage(format, rules.appeals.triage_below),
        AppealsCommand::Evaluate {
            routing: None,
            format,
            ..
        } => super::appeals_evaluation::held_out_split(format),
    }
}

/// The router over the stored tree of today.
async fn router(store: &Store) -> anyhow::Result<Router> {
    let units = store.units().await?;
    let tree = units
        .history
        .current_tree()
        .map_err(|e| anyhow::anyhow!("the stored tree is invalid: {}", e[0]))?;
    Ok(Router::new(&tree))
}
