//! Taking appeals in through the web: the hotline operator's form and the JSON
//! API read the same fields, checked the same way, each problem named by its
//! field or JSON path; then the store classifies, routes, groups duplicates
//! and writes them, all or nothing.

use fangkong_domain::access::{Action, ActionKind};
use fangkong_domain::appeals::{Category, Urgency};
use fangkong_domain::limits::{Limits, TextKind, normalise};

use fangkong_store::{AppealInput, TakenIn};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::auth::Viewer;
use crate::error::{ApiError, Problem};

/// One appeal to take in. Only `text` is required.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AppealRequest {
    /// The source's own reference (letters, digits, `-` and `_`; unique); one
    /// is made when absent.
    pub reference: Option<String>,
    /// `hotline`, `message_board` or `api` (the default).
    pub channel: Option<String>,
    /// When it was received: RFC 3339 or `2020-03-01 10:30` (Asia/Shanghai);
    /// default now.
    pub received_at: Option<String>,
    /// What the caller said, as said.
    pub text: String,
    /// The caller's name.
    pub name: Option<String>,
    /// The caller's phone.
    pub phone: Option<String>,
    /// The address given.
    pub address: Option<String>,
    /// The place named apart from the address (a district, a community).
    pub area: Option<String>,
    /// A category the caller or operator chose; else the classifier decides.
    pub category: Option<String>,
    /// The unit it is for (its code), if the operator knows; else the
    /// address and text route it.
    pub unit: Option<String>,
    /// `urgent` or `normal`, if the operator judged it; else the rules decide.
    pub urgency: Option<String>,
}

/// Appeals to take in at once.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IntakeRequest {
    /// The appeals (at most 10,000).
    pub appeals: Vec<AppealRequest>,
}

/// What became of one appeal.
#[derive(Debug, Serialize, ToSchema)]
pub struct IntakeOutcome {
    /// Its reference.
    pub reference: String,
    /// Its category.
    pub category: String,
    /// `urgent` or `normal`.
    pub urgency: String,
    /// The unit it was routed to, if any (else it waits in the city's queue).
    pub unit: Option<String>,
    /// The appeal it repeats, if any.
    pub duplicate_of: Option<String>,
}

/// What an intake did.
#[derive(Debug, Serialize, ToSchema)]
pub struct IntakeReceipt {
    /// Appeals taken in.
    pub appeals: usize,
    /// Of those, routed to a unit.
    pub routed: usize,
    /// Of those, joined to an earlier appeal's group.
    pub grouped: usize,
    /// Each, in order.
    pub outcomes: Vec<IntakeOutcome>,
}

/// How far ahead of now a reception time may be (clocks drift).
const CLOCK_SLACK: SignedDuration = SignedDuration::from_mins(5);

fn trimmed(x: &Option<String>) -> Option<String> {
    x.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Reads one request into an appeal to take in, or says what is wrong with
/// each field under `path`.
pub fn read(
    r: &AppealRequest,
    path: &str,
    tree: &fangkong_domain::UnitTree,
    limits: &Limits,
    now: Timestamp,
    fresh_reference: &dyn Fn() -> Result<String, ApiError>,
) -> Result<Result<AppealInput, Vec<Problem>>, ApiError> {
    let mut problems = Vec::new();
    let mut problem = |field: &str, message: String| {
        problems.push(Problem {
            path: format!("{path}.{field}"),
            message,
        })
    };
    let text = normalise(r.text.trim());
    if text.is_empty() {
        problem("text", "required: what the caller said".into());
    }
    for (field, e) in limits.fields(&[
        ("text", Some(&text), TextKind::Long),
        ("name", r.name.as_deref(), TextKind::Name),
        ("phone", r.phone.as_deref(), TextKind::Phone),
        ("address", r.address.as_deref(), TextKind::Address),
        ("area", r.area.as_deref(), TextKind::Address),
    ]) {
        problem(field, e.to_string());
    }
    let channel = match r.channel.as_deref().map(str::trim) {
        None | Some("") | Some("api") => "api",
        Some("hotline") => "hotline",
        Some("message_board") => "message_board",
        Some(other) => {
            problem(
                "channel",
                format!("'{other}' is not hotline, message_board or api"),
            );
            "api"
        }
    };
    let received_at = match trimmed(&r.received_at) {
        None => now,
        Some(t) => match fangkong_domain::day::instant(&t) {
            Ok(at) if at > now.checked_add(CLOCK_SLACK).unwrap_or(now) => {
                problem("received_at", format!("'{t}' is in the future"));
                now
            }
            Ok(at) => at,
            Err(e) => {
                problem("received_at", e);
                now
            }
        },
    };
    let category = match trimmed(&r.category) {
        None => None,
        Some(c) => match Category::parse(&c) {
            Some(c) => Some(c),
            None => {
                problem(
                    "category",
                    format!(
                        "'{c}' is not a category (stranded, transport, supplies, medical, housing, mental_health, complaint, other)"
                    ),
                );
                None
            }
        },
    };
    let urgency = trimmed(&r.urgency).and_then(|u| {
        Urgency::parse(&u).or_else(|| {
            problem("urgency", format!("'{u}' is not urgent or normal"));
            None
        })
    });
    let unit = match trimmed(&r.unit) {
        None => None,
        Some(u) => match fangkong_domain::UnitCode::parse(&u) {
            Ok(code) if tree.index_of(&code).is_some() => Some(code),
            _ => {
                problem("unit", format!("no unit {u}"));
                None
            }
        },
    };
    let phone = trimmed(&r.phone);
    if let Some(p) = &phone
        && !p.chars().all(|c| c.is_ascii_digit() || "+- ".contains(c))
    {
        problem("phone", format!("'{p}' is not a phone number"));
    }
    let reference = match trimmed(&r.reference) {
        Some(reference) => {
            if reference.len() > 64
                || !reference
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                problem("reference", "at most 64 letters, digits, '-' or '_'".into());
            }
            reference
        }
        None => fresh_reference()?,
    };
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    Ok(Ok(AppealInput {
        reference,
        channel,
        received_at,
        text,
        name: trimmed(&r.name),
        phone,
        address: trimmed(&r.address),
        place: trimmed(&r.area).unwrap_or_default(),
        category,
        unit,
        urgency,
        post: None,
    }))
}

/// Checks that `viewer` takes appeals in (hotline operators, anywhere in
/// their scope); a refusal is audited.
pub async fn may_take(state: &AppState, viewer: &Viewer) -> Result<(), ApiError> {
    let scope = viewer.account.scope.clone();
    crate::view::authorize(
        state,
        viewer,
        &scope,
        Action::TakeAppeals,
        "appeals.take",
        scope.as_str(),
    )
    .await
}

/// Checks `requests` and takes them in as `viewer`, all or nothing: a hotline
/// operator, for appeals anywhere in their scope.
pub async fn take_in(
    state: &AppState,
    viewer: &Viewer,
    requests: &[AppealRequest],
    at: Timestamp,
    path: impl Fn(usize) -> String,
) -> Result<TakenIn, ApiError> {
    may_take(state, viewer).await?;
    // A unit an operator names must be inside the scope, before anything is checked.
    crate::auth::authorize_units(
        state,
        viewer,
        ActionKind::TakeAppeals,
        requests.iter().filter_map(|r| r.unit.as_deref()),
    )
    .await?;
    if requests.is_empty() {
        return Err(ApiError::Invalid {
            field: "appeals",
            message: "nothing to take in".into(),
        });
    }
    state
        .rules
        .limits
        .batch("appeals", requests.len())
        .map_err(|e| ApiError::Invalid {
            field: "appeals",
            message: e.to_string(),
        })?;
    let mut inputs = Vec::with_capacity(requests.len());
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    // Numeric, readable over the phone; a clash with a stored one (about one in
    // a thousand at a million appeals) is refused by the store as a conflict.
    let fresh = || Ok(fangkong_store::new_appeal_reference()?);
    let tree = state.engine.read().await.engine.tree().clone();
    for (i, r) in requests.iter().enumerate() {
        match read(r, &path(i), &tree, &state.rules.limits, at, &fresh)? {
            Ok(input) => {
                if !seen.insert(input.reference.clone()) {
                    problems.push(Problem {
                        path: format!("{}.reference", path(i)),
                        message: format!("{} is given twice", input.reference),
                    });
                }
                inputs.push(input);
            }
            Err(p) => problems.extend(p),
        }
    }
    if !problems.is_empty() {
        return Err(ApiError::Refused {
            message: format!("{} problem(s); nothing was taken in", problems.len()),
            problems,
        });
    }
    let done = write(state, &inputs, at, viewer.name()).await;
    done.map_err(|e| match e {
        fangkong_store::StoreError::Conflict(m) => ApiError::Conflict {
            field: "reference",
            message: format!("an appeal with one of these references exists already ({m})"),
        },
        other => other.into(),
    })
}

/// Takes checked appeals in: classified, routed, grouped against the
/// server's duplicate index, written durably (see [`super::writer`]).
pub async fn write(
    state: &AppState,
    inputs: &[AppealInput],
    at: Timestamp,
    actor: &str,
) -> Result<TakenIn, fangkong_store::StoreError> {
    state.appeal_writer.write(inputs.to_vec(), at, actor).await
}

/// The receipt of an intake.
pub fn receipt(done: TakenIn) -> IntakeReceipt {
    IntakeReceipt {
        appeals: done.appeals,
        routed: done.routed,
        grouped: done.grouped,
        outcomes: done
            .outcomes
            .into_iter()
            .map(|o| IntakeOutcome {
                reference: o.reference,
                category: o.category.name().into(),
                urgency: o.urgency.name().into(),
                unit: o.unit.map(|u| u.to_string()),
                duplicate_of: o.duplicate_of,
            })
            .collect(),
    }
}
