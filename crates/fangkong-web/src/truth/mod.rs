//! The data-truth answers (SPEC §9): quality findings, reconciliation with the
//! published series, completeness and timeliness, the grassroots' burden and the
//! audit log, each for a viewer with access checked on the server for the unit
//! asked about. The pages and the JSON API show the same answers.

pub mod audit;
pub mod burden;
pub mod completeness;
pub mod quality;
pub mod reconcile;

use fangkong_domain::access::Action;
use fangkong_domain::{Day, UnitCode};
use serde::Deserialize;

use crate::AppState;
use crate::auth::Viewer;
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::view;

/// The query of the data-truth pages and their API twins.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TruthQuery {
    /// The unit (default: the account's scope).
    pub unit: Option<String>,
    /// The day (default: today).
    pub date: Option<String>,
    /// The first day of a range.
    pub from: Option<String>,
    /// The last day of a range (default: today).
    pub to: Option<String>,
    /// Reconciliation: only the days that differ (`1`).
    pub differences: Option<String>,
    /// Quality: only `error` or `warning`.
    pub severity: Option<String>,
    /// The language of a page.
    #[param(value_type = Option<String>)]
    pub lang: Option<Lang>,
}

impl TruthQuery {
    /// The unit asked about, or the account's scope.
    pub fn unit_or_scope(&self, viewer: &Viewer) -> Result<UnitCode, ApiError> {
        view::unit_or_scope(self.unit.as_deref(), viewer)
    }

    /// A day parameter, or `default`.
    pub fn day(field: &'static str, text: Option<&str>, default: Day) -> Result<Day, ApiError> {
        match text.filter(|t| !t.is_empty()) {
            None => Ok(default),
            Some(t) => Day::parse(t).map_err(|e| ApiError::Invalid {
                field,
                message: e.to_string(),
            }),
        }
    }

    /// `from..=to`, `to` defaulting to today and `from` to `to − days_back`; a
    /// range that runs backwards is a 422.
    pub fn range(&self, state: &AppState, days_back: i32) -> Result<(Day, Day), ApiError> {
        let to = Self::day("to", self.to.as_deref(), state.clock.today())?;
        let from = Self::day(
            "from",
            self.from.as_deref(),
            to.plus_days(-days_back).unwrap_or(to),
        )?;
        if to < from {
            return Err(ApiError::Invalid {
                field: "to",
                message: format!("{to} is before from {from}"),
            });
        }
        if to.offset_from(from) > 400 {
            return Err(ApiError::Invalid {
                field: "from",
                message: "a range is at most 400 days".into(),
            });
        }
        Ok((from, to))
    }
}

/// Checks that `viewer` may read the reports under `code` (the data-truth pages
/// name units and reporters): 404 for an unknown unit, an audited 403 otherwise.
pub async fn may_read_reports(
    state: &AppState,
    viewer: &Viewer,
    code: &UnitCode,
    what: &str,
) -> Result<(), ApiError> {
    view::authorize(
        state,
        viewer,
        code,
        Action::ReadReports,
        what,
        code.as_str(),
    )
    .await
}

/// Maps the store's "no such unit" to a 404 naming it.
pub fn unit_error(code: &UnitCode) -> impl Fn(fangkong_store::StoreError) -> ApiError + '_ {
    move |e| match e {
        fangkong_store::StoreError::NotFound => {
            ApiError::NotFound(format!("unit {code} is not in the tree of that day"))
        }
        other => other.into(),
    }
}

/// Whether `viewer` may read the audit log (for the link).
pub fn reads_audit(viewer: &Viewer) -> bool {
    viewer
        .principal()
        .may_ever(fangkong_domain::access::ActionKind::ReadAudit)
        .is_ok()
}
