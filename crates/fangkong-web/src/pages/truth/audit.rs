//! `GET /audit`: the append-only audit log, filtered and paged. Reading it is a
//! permission of its own; there is no route that changes it.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use fangkong_domain::Day;
use fangkong_store::Outcome;

use super::TruthLinks;
use crate::AppState;
use crate::auth::Viewer;
use crate::download::Sheet;
use crate::href::percent_encode;
use crate::i18n::Messages;
use crate::i18n::truth::TruthMessages;
use crate::i18n::workbook::Cell;
use crate::pages::{Nav, page_error, render};
use crate::truth::audit::{AuditQuery, PAGE, entries};

/// One entry, formatted for the page.
pub struct EntryRow {
    id: i64,
    at: String,
    actor: String,
    action: String,
    /// The action in the page's language.
    action_label: String,
    target: String,
    old_value: String,
    new_value: String,
    reason: String,
    denied: bool,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    m: Messages,
    t: TruthMessages,
    nav: Option<Nav>,
    switch_query: String,
    links: TruthLinks,
    q_actor: String,
    q_action: String,
    q_target: String,
    q_outcome: String,
    q_since: String,
    q_until: String,
    rows: Vec<EntryRow>,
    older: Option<String>,
    /// The filters of this page, for its download.
    download_query: String,
}

/// `GET /audit`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<AuditQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let list = match entries(&state, &viewer, &q).await {
        Ok(l) => l,
        Err(e) => return page_error(e),
    };
    let m = lang.messages();
    let limit = q
        .limit
        .as_deref()
        .and_then(|l| l.trim().parse::<usize>().ok())
        .unwrap_or(PAGE as usize);
    let field = |s: &Option<String>| s.clone().unwrap_or_default();
    let selected = format!(
        "actor={}&action={}&target={}&outcome={}&since={}&until={}",
        percent_encode(&field(&q.actor)),
        percent_encode(&field(&q.action)),
        percent_encode(&field(&q.target)),
        percent_encode(&field(&q.outcome)),
        percent_encode(&field(&q.since)),
        percent_encode(&field(&q.until)),
    );
    let filters = format!(
        "{selected}&before={}&limit={limit}",
        percent_encode(&field(&q.before))
    );
    let older = (list.len() == limit).then(|| {
        let last = list.last().map_or(0, |e| e.id);
        format!(
            "/audit?{selected}&before={last}&limit={limit}&lang={}",
            m.code
        )
    });
    let rows = list
        .into_iter()
        .map(|e| EntryRow {
            id: e.id,
            at: Day::shanghai_time(e.at)
                .strftime("%Y-%m-%d %H:%M:%S")
                .to_string(),
            actor: e.actor.unwrap_or_else(|| "-".into()),
            action_label: crate::i18n::access::audit_action(&e.action, lang),
            action: e.action,
            target: e.target.unwrap_or_default(),
            old_value: e.old_value.unwrap_or_default(),
            new_value: e.new_value.unwrap_or_default(),
            reason: crate::i18n::access::audit_reason(&e.reason.unwrap_or_default(), lang),
            denied: e.outcome == Outcome::Denied,
        })
        .collect();
    let scope = viewer.account.scope.clone();
    render(&AuditPage {
        m,
        t: lang.truth(),
        nav: Nav::of(&viewer, lang),
        switch_query: format!("lang={}", m.other_code),
        links: TruthLinks::new(lang, &scope, "audit", true),
        q_actor: field(&q.actor),
        q_action: field(&q.action),
        q_target: field(&q.target),
        q_outcome: field(&q.outcome),
        q_since: field(&q.since),
        q_until: field(&q.until),
        rows,
        older,
        download_query: filters,
    })
}

/// `GET /audit.csv`: the entries the query selects (one page of at most
/// `limit`, like the page), as CSV.
pub async fn csv(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<AuditQuery>,
) -> Response {
    download(&state, &viewer, &q, Sheet::Csv).await
}

/// `GET /audit.xlsx`: the same as an Excel workbook.
pub async fn xlsx(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<AuditQuery>,
) -> Response {
    download(&state, &viewer, &q, Sheet::Xlsx).await
}

/// The entries as `sheet`, times in Asia/Shanghai, every value as recorded.
async fn download(state: &AppState, viewer: &Viewer, q: &AuditQuery, sheet: Sheet) -> Response {
    let list = match entries(state, viewer, q).await {
        Ok(l) => l,
        Err(e) => return page_error(e),
    };
    let text = |s: Option<String>| s.map_or(Cell::Missing, Cell::Text);
    let rows: Vec<Vec<Cell>> = list
        .into_iter()
        .map(|e| {
            vec![
                Cell::Number(e.id as f64),
                Cell::Text(
                    Day::shanghai_time(e.at)
                        .strftime("%Y-%m-%d %H:%M:%S")
                        .to_string(),
                ),
                text(e.actor),
                Cell::Text(e.action),
                text(e.target),
                Cell::Text(
                    match e.outcome {
                        Outcome::Done => "done",
                        Outcome::Denied => "denied",
                    }
                    .into(),
                ),
                text(e.old_value),
                text(e.new_value),
                text(e.reason),
            ]
        })
        .collect();
    sheet.write(
        "audit",
        &[
            "id",
            "at",
            "actor",
            "action",
            "target",
            "outcome",
            "old_value",
            "new_value",
            "reason",
        ],
        &rows,
    )
}
