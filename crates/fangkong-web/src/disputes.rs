//! The disputes register (矛盾纠纷, SPEC §8) on the web, shared by its page and
//! the JSON API: the disputes under a unit an account may read (parties masked
//! unless its role reads personal data there), recording one, and a mediation
//! step, for the accounts that record disputes in that unit.

use fangkong_domain::access::{Action, ActionKind};
use fangkong_domain::disputes::{DisputeChange, DisputeKind, DisputeStep, Risk, allowed_steps};
use fangkong_domain::limits::{TextKind, normalise};
use fangkong_domain::registry::mask;
use fangkong_store::{DisputeStepError, NewDispute, Party, StoreError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::appeals::view::shanghai;
use crate::auth::Viewer;
use crate::error::{ApiError, Problem};
use crate::view;

/// A party as shown.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PartyBody {
    /// The name (masked unless the account reads personal data there).
    pub name: String,
    /// The phone (masked likewise).
    #[serde(default)]
    pub phone: Option<String>,
    /// Their side: `complainant`, `respondent`, …
    #[serde(default)]
    pub role: Option<String>,
}

/// A step as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StepView {
    /// When (Asia/Shanghai).
    pub at: String,
    /// Who: the account's username.
    pub actor: String,
    /// Who, as people read it: the account's name.
    pub actor_name: String,
    /// `mediated`, `agreed`, `referred`, `withdrawn` or `reopened`.
    pub step: String,
    /// Whom it was referred to.
    pub to: Option<String>,
    /// What was done or agreed.
    pub note: String,
}

/// A dispute as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DisputeView {
    /// The reference.
    pub reference: String,
    /// The unit's code.
    pub unit: String,
    /// Its name.
    pub unit_name: String,
    /// The kind.
    pub kind: String,
    /// `high`, `medium` or `low`.
    pub risk: String,
    /// `open`, `mediating`, `resolved`, `referred` or `withdrawn`.
    pub status: String,
    /// What happened.
    pub summary: String,
    /// When it was reported (Asia/Shanghai).
    pub reported_at: String,
    /// Who recorded it.
    pub recorded_by: String,
    /// The parties.
    pub parties: Vec<PartyBody>,
    /// Whether the parties are masked.
    pub masked: bool,
    /// Its steps, oldest first.
    pub steps: Vec<StepView>,
    /// Whether the account may record steps.
    pub may_record: bool,
    /// The steps the rules allow next (for the account that may record them).
    pub next_steps: Vec<String>,
}

/// The register of a unit.
#[derive(Debug, Serialize, ToSchema)]
pub struct DisputeRegister {
    /// The unit.
    pub unit: String,
    /// Its name.
    pub unit_name: String,
    /// Open (or being mediated), of those listed.
    pub open: usize,
    /// High risk and open.
    pub high_risk_open: usize,
    /// Whether the account may record disputes here.
    pub may_record: bool,
    /// The disputes, open and riskiest first, then newest.
    pub disputes: Vec<DisputeView>,
}

/// The register under `code` (default: the account's scope) as `viewer` sees it.
pub async fn register(
    state: &AppState,
    viewer: &Viewer,
    code: Option<&str>,
) -> Result<DisputeRegister, ApiError> {
    let code = match code.filter(|c| !c.is_empty()) {
        Some(c) => view::code_param(c)?,
        None => viewer.account.scope.clone(),
    };
    view::authorize(
        state,
        viewer,
        &code,
        Action::ReadReports,
        "disputes",
        code.as_str(),
    )
    .await?;
    let all = state.store.disputes().await?;
    let names = crate::names::by_username(state).await?;
    let loaded = state.engine.read().await;
    let tree = loaded.engine.tree();
    let unit = view::unit_in(tree, &code)?;
    let principal = viewer.principal();
    let mut disputes = Vec::new();
    for d in all {
        let Some(at) = tree.index_of(&d.unit) else {
            continue;
        };
        if !tree.is_within(at, unit) {
            continue;
        }
        let status = d
            .status()
            .map_err(|e| ApiError::Internal(format!("dispute {}: {e}", d.reference)))?;
        let personal = principal.may(Action::ReadPersonalData(at), tree).is_ok();
        disputes.push(DisputeView {
            unit_name: tree.unit(at).name.clone(),
            may_record: principal.may(Action::RecordDisputes(at), tree).is_ok(),
            next_steps: allowed_steps(&d.steps)
                .into_iter()
                .map(str::to_string)
                .collect(),
            masked: !personal,
            parties: d
                .parties
                .iter()
                .map(|p| PartyBody {
                    name: if personal {
                        p.name.clone()
                    } else {
                        mask::name(&p.name)
                    },
                    phone: p.phone.as_deref().map(|x| {
                        if personal {
                            x.to_string()
                        } else {
                            mask::phone(x)
                        }
                    }),
                    role: Some(p.role.clone()),
                })
                .collect(),
            steps: d
                .steps
                .iter()
                .map(|c| StepView {
                    at: shanghai(c.at),
                    actor: c.actor.clone(),
                    actor_name: crate::names::of(&names, &c.actor).to_string(),
                    step: c.step.name().into(),
                    to: match &c.step {
                        DisputeStep::Referred { to } => Some(to.clone()),
                        _ => None,
                    },
                    note: c.note.clone(),
                })
                .collect(),
            reference: d.reference,
            unit: d.unit.to_string(),
            kind: d.kind.name().into(),
            risk: d.risk.name().into(),
            status: status.name().into(),
            summary: d.summary,
            reported_at: shanghai(d.reported_at),
            recorded_by: d.recorded_by,
        });
    }
    let is_open = |d: &DisputeView| d.status == "open" || d.status == "mediating";
    disputes.sort_by(|a, b| {
        (
            !is_open(a),
            &a.risk != "high",
            std::cmp::Reverse(&a.reported_at),
        )
            .cmp(&(
                !is_open(b),
                &b.risk != "high",
                std::cmp::Reverse(&b.reported_at),
            ))
    });
    Ok(DisputeRegister {
        unit: tree.unit(unit).code.to_string(),
        unit_name: tree.unit(unit).name.clone(),
        open: disputes.iter().filter(|d| is_open(d)).count(),
        high_risk_open: disputes
            .iter()
            .filter(|d| is_open(d) && d.risk == "high")
            .count(),
        may_record: principal.may(Action::RecordDisputes(unit), tree).is_ok(),
        disputes,
    })
}

/// A dispute to record.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DisputeRequest {
    /// The unit where it arose.
    pub unit: String,
    /// `neighbours`, `family`, `property`, `tenancy`, `labour`, `measures` or `other`.
    pub kind: String,
    /// `high`, `medium` or `low` (default).
    pub risk: Option<String>,
    /// What happened.
    pub summary: String,
    /// The parties.
    pub parties: Vec<PartyBody>,
}

/// What recording a dispute made.
#[derive(Debug, Serialize, ToSchema)]
pub struct DisputeReceipt {
    /// Its reference.
    pub reference: String,
}

/// Records a dispute as `viewer`, in a unit where it records disputes; every
/// problem named by its JSON path.
pub async fn record(
    state: &AppState,
    viewer: &Viewer,
    r: &DisputeRequest,
) -> Result<DisputeReceipt, ApiError> {
    crate::auth::authorize_units(state, viewer, ActionKind::RecordDisputes, [r.unit.trim()])
        .await?;
    let mut problems = Vec::new();
    let mut problem = |path: &str, message: String| {
        problems.push(Problem {
            path: format!("$.{path}"),
            message,
        })
    };
    let kind = DisputeKind::parse(&r.kind);
    if kind.is_none() {
        problem(
            "kind",
            format!(
                "'{}' is not neighbours, family, property, tenancy, labour, measures or other",
                r.kind
            ),
        );
    }
    let risk = match r.risk.as_deref().map(str::trim).filter(|x| !x.is_empty()) {
        None => Some(Risk::Low),
        Some(x) => Risk::parse(x),
    };
    if risk.is_none() {
        problem("risk", "not high, medium or low".into());
    }
    let limits = &state.rules.limits;
    if r.summary.trim().is_empty() {
        problem("summary", "say what happened".into());
    } else if let Err(e) = limits.long_text(&normalise(r.summary.trim())) {
        problem("summary", e.to_string());
    }
    if let Err(e) = limits.parties(r.parties.len()) {
        problem("parties", e.to_string());
    }
    for (i, p) in r.parties.iter().enumerate().take(limits.dispute_parties) {
        if p.name.trim().is_empty() {
            problem(&format!("parties[{i}].name"), "a name is required".into());
        }
        for (field, e) in limits.fields(&[
            ("name", Some(p.name.trim()), TextKind::Name),
            ("phone", p.phone.as_deref(), TextKind::Phone),
            ("role", p.role.as_deref(), TextKind::Name),
        ]) {
            problem(&format!("parties[{i}].{field}"), e.to_string());
        }
        if let Some(phone) = p.phone.as_deref().map(str::trim).filter(|x| !x.is_empty())
            && !phone
                .chars()
                .all(|c| c.is_ascii_digit() || "+- ".contains(c))
        {
            problem(
                &format!("parties[{i}].phone"),
                format!("'{phone}' is not a phone number"),
            );
        }
    }
    let unit = match view::code_param(r.unit.trim()) {
        Ok(u) => Some(u),
        Err(_) => {
            problem("unit", format!("'{}' is not a unit code", r.unit));
            None
        }
    };
    let (Some(kind), Some(risk), Some(unit), true) = (kind, risk, unit, problems.is_empty()) else {
        return Err(ApiError::Refused {
            message: format!("{} problem(s); nothing was recorded", problems.len()),
            problems,
        });
    };
    view::authorize(
        state,
        viewer,
        &unit,
        Action::RecordDisputes,
        "disputes.add",
        unit.as_str(),
    )
    .await?;
    let reference = fangkong_store::new_reference("MD")?;
    let d = NewDispute {
        reference: reference.clone(),
        unit,
        kind,
        risk,
        summary: normalise(r.summary.trim()),
        reported_at: crate::appeals::now(state),
        parties: r
            .parties
            .iter()
            .map(|p| Party {
                name: p.name.trim().to_string(),
                phone: p
                    .phone
                    .as_deref()
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(str::to_string),
                role: p
                    .role
                    .as_deref()
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .unwrap_or("party")
                    .to_string(),
            })
            .collect(),
    };
    state
        .store
        .add_dispute(&d, state.clock.now(), viewer.name())
        .await?;
    Ok(DisputeReceipt { reference })
}

/// A mediation step.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DisputeStepRequest {
    /// `mediated`, `agreed`, `referred`, `withdrawn` or `reopened`.
    pub step: String,
    /// Whom it is referred to (`referred`).
    pub to: Option<String>,
    /// What was done or agreed.
    pub note: String,
}

/// Records a step of dispute `reference` as `viewer`; returns where it stands.
pub async fn step(
    state: &AppState,
    viewer: &Viewer,
    reference: &str,
    r: &DisputeStepRequest,
) -> Result<String, ApiError> {
    let d = state
        .store
        .dispute(reference)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no dispute {reference}")))?;
    view::authorize(
        state,
        viewer,
        &d.unit,
        Action::RecordDisputes,
        "disputes.step",
        reference,
    )
    .await?;
    let step =
        DisputeStep::from_parts(&r.step, r.to.as_deref()).map_err(|e| ApiError::Invalid {
            field: "step",
            message: e.to_string(),
        })?;
    let note = crate::limits::checked(state, "note", TextKind::Note, &r.note)?;
    let change = DisputeChange {
        at: crate::appeals::now(state),
        actor: viewer.name().to_string(),
        step,
        note,
    };
    match state.store.add_dispute_step(reference, &change).await {
        Ok(status) => Ok(status.name().to_string()),
        Err(DisputeStepError::NotFound(m)) => Err(ApiError::NotFound(format!("no dispute {m}"))),
        Err(DisputeStepError::Rules(e)) => Err(ApiError::Invalid {
            field: "step",
            message: e.to_string(),
        }),
        Err(DisputeStepError::Store(StoreError::Conflict(m))) => Err(ApiError::Conflict {
            field: "step",
            message: m,
        }),
        Err(DisputeStepError::Store(e)) => Err(e.into()),
    }
}
