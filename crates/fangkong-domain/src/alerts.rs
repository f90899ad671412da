//! Early warnings (未雨綢繆, SPEC §8): rules that raise an alert with a severity
//! and an explanation in words. Each rule reads a short history ending on the
//! day asked about:
//! - **resurgence**: a unit with cases after a quiet spell (no case on each of
//!   the days before, every one of them reported);
//! - **lost status**: an epidemic-free unit that is no longer;
//! - **silence**: a reporting unit that reported, then stopped;
//! - **appeal surge**: a unit's or a category's appeals above a robust baseline
//!   (the median of the days before plus three scaled median absolute
//!   deviations, and at least a minimum more), so one busy day in a quiet
//!   fortnight is not drowned by a noisy mean;
//! - **special place**: a special place (care home, prison, ward) with any case;
//! - **fatigue**: someone on the kept rota past the days running or without
//!   rest ([`crate::rota::fatigue`]);
//! - **short-staffed**: a community or village whose roster is short of its
//!   residents' need ([`crate::rota::staffing`]); a unit with no roster kept
//!   is unknown, not short;
//! - **inspection failed**: an inspection found measures not in place
//!   ([`crate::inspections`]), high where the day's report attested them.

use serde::{Deserialize, Serialize};

use crate::quality::outlier::median;

/// What kind of alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// Cases again after a quiet spell.
    Resurgence,
    /// An epidemic-free unit lost the status.
    LostStatus,
    /// A reporting unit stopped reporting.
    Silence,
    /// Appeals far above their baseline.
    AppealSurge,
    /// A special place (a care home, a prison, a hospital ward) with a case.
    SpecialPlace,
    /// Someone on the rota worn out: past the days running, or without rest.
    Fatigue,
    /// A community or village with fewer people on its roster than its
    /// residents need.
    ShortStaffed,
    /// An inspection found measures not in place.
    InspectionFailed,
}

impl AlertKind {
    /// The name in files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            AlertKind::Resurgence => "resurgence",
            AlertKind::LostStatus => "lost_status",
            AlertKind::Silence => "silence",
            AlertKind::AppealSurge => "appeal_surge",
            AlertKind::SpecialPlace => "special_place",
            AlertKind::Fatigue => "fatigue",
            AlertKind::ShortStaffed => "short_staffed",
            AlertKind::InspectionFailed => "inspection_failed",
        }
    }

    /// Every kind, in the order above.
    pub const ALL: [AlertKind; 8] = [
        AlertKind::Resurgence,
        AlertKind::LostStatus,
        AlertKind::Silence,
        AlertKind::AppealSurge,
        AlertKind::SpecialPlace,
        AlertKind::Fatigue,
        AlertKind::ShortStaffed,
        AlertKind::InspectionFailed,
    ];

    /// The kind named `name`.
    pub fn parse(name: &str) -> Option<AlertKind> {
        AlertKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// How serious.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Act today.
    High,
    /// Look today.
    Medium,
}

impl Severity {
    /// The name in files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
        }
    }
}

/// What people did about an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertState {
    /// Seen, being dealt with.
    Acknowledged,
    /// Dealt with.
    Closed,
}

impl AlertState {
    /// The name in files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            AlertState::Acknowledged => "acknowledged",
            AlertState::Closed => "closed",
        }
    }
}

/// Why an alert may not take the step asked: the domain names it, each
/// surface words it in its reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AlertRefusal {
    /// It is closed: nothing more happens to it.
    #[error("the alert is already closed")]
    AlreadyClosed,
    /// It is acknowledged already (assigning it again is allowed).
    #[error("the alert is already acknowledged")]
    AlreadyAcknowledged,
    /// It is open: it is acknowledged before it is closed.
    #[error("acknowledge the alert before closing it")]
    NotAcknowledged,
    /// Closing says what was done.
    #[error("closing an alert needs a note saying what was done")]
    NoteNeeded,
}

impl AlertRefusal {
    /// The refusal's name, the last part of its message's id (`alert-refused-…`).
    pub fn name(self) -> &'static str {
        match self {
            AlertRefusal::AlreadyClosed => "closed",
            AlertRefusal::AlreadyAcknowledged => "acknowledged",
            AlertRefusal::NotAcknowledged => "open",
            AlertRefusal::NoteNeeded => "note",
        }
    }
}

/// Whether an alert now `current` (`None`: open) may become `wanted`, with
/// `note`: it is acknowledged before it is closed, closed once, and closing
/// says what was done.
pub fn may_become(
    current: Option<AlertState>,
    wanted: AlertState,
    note: &str,
) -> Result<(), AlertRefusal> {
    match (current, wanted) {
        (Some(AlertState::Closed), _) => Err(AlertRefusal::AlreadyClosed),
        (Some(AlertState::Acknowledged), AlertState::Acknowledged) => {
            Err(AlertRefusal::AlreadyAcknowledged)
        }
        (None, AlertState::Closed) => Err(AlertRefusal::NotAcknowledged),
        (_, AlertState::Closed) if note.trim().is_empty() => Err(AlertRefusal::NoteNeeded),
        _ => Ok(()),
    }
}

/// Whether an alert now `current` may be handed to someone: any alert not yet
/// closed, open (assigning it acknowledges it) or acknowledged (handing it on).
pub fn may_assign(current: Option<AlertState>) -> Result<(), AlertRefusal> {
    match current {
        Some(AlertState::Closed) => Err(AlertRefusal::AlreadyClosed),
        _ => Ok(()),
    }
}

/// The `[alerts]` section of the rules file.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AlertRules {
    /// Days without a case that make a spell quiet.
    pub quiet_days: u32,
    /// Missing days in a row that make a unit silent.
    pub silent_days: u32,
    /// Days of appeals the baseline is taken from.
    pub baseline_days: u32,
    /// Scaled median absolute deviations above the median that make a surge.
    pub surge_deviations: f64,
    /// The fewest appeals above the median that make a surge.
    pub surge_minimum: u32,
}

impl Default for AlertRules {
    fn default() -> Self {
        AlertRules {
            quiet_days: 14,
            silent_days: 2,
            baseline_days: 14,
            surge_deviations: 3.0,
            surge_minimum: 5,
        }
    }
}

/// Cases on the last day of `series` after `quiet` days without a case before
/// it, every one of them known: `Some(cases)`. A missing day breaks the spell
/// (missing is never zero).
pub fn resurgence(series: &[Option<i64>], quiet: u32) -> Option<i64> {
    let (&last, before) = series.split_last()?;
    let cases = last.filter(|&c| c > 0)?;
    let q = quiet as usize;
    if q == 0 || before.len() < q {
        return None;
    }
    before[before.len() - q..]
        .iter()
        .all(|d| *d == Some(0))
        .then_some(cases)
}

/// A unit that reported on the day before its last `silent` days and on none of
/// them: `true`. (A unit that never reported is not silent: it has not begun.)
pub fn silent(reported: &[bool], silent: u32) -> bool {
    let s = silent as usize;
    if s == 0 || reported.len() <= s {
        return false;
    }
    let (before, last) = reported.split_at(reported.len() - s);
    before.last() == Some(&true) && last.iter().all(|r| !r)
}

/// The baseline and threshold of a surge, and whether `today` passes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Surge {
    /// The median of the days before.
    pub median: f64,
    /// What today had to reach.
    pub threshold: f64,
}

/// `today`'s count against the `history` of the days before: a surge when it
/// reaches the median plus `deviations` scaled MADs, and at least `minimum`
/// above the median.
pub fn surge(history: &[u32], today: u32, deviations: f64, minimum: u32) -> Option<Surge> {
    if history.is_empty() {
        return None;
    }
    let mut h: Vec<f64> = history.iter().map(|&x| f64::from(x)).collect();
    let m = median(&mut h);
    let mut deviation: Vec<f64> = h.iter().map(|x| (x - m).abs()).collect();
    // 1.4826 × MAD estimates the standard deviation of normal data.
    let scaled = 1.4826 * median(&mut deviation);
    let threshold = (m + deviations * scaled).max(m + f64::from(minimum));
    (f64::from(today) >= threshold).then_some(Surge {
        median: m,
        threshold,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_after_a_quiet_fortnight_are_a_resurgence_and_a_gap_is_not_quiet() {
        let mut s: Vec<Option<i64>> = vec![Some(3)];
        s.extend(std::iter::repeat_n(Some(0), 14));
        s.push(Some(2));
        assert_eq!(resurgence(&s, 14), Some(2));
        assert_eq!(resurgence(&s, 15), None, "only 14 quiet days");
        s[8] = None;
        assert_eq!(resurgence(&s, 14), None, "a missing day is not a quiet one");
        assert_eq!(resurgence(&[Some(0), Some(0)], 1), None, "no case today");
    }

    #[test]
    fn a_unit_is_silent_once_it_stops_not_before_it_starts() {
        assert!(silent(&[true, true, true, false, false], 2));
        assert!(!silent(&[true, true, true, true, false], 2));
        assert!(!silent(&[false, false, false, false], 2), "never reported");
        assert!(!silent(&[false, true], 2), "too short to say");
    }

    #[test]
    fn an_alert_is_acknowledged_then_closed_with_a_note() {
        use AlertState::*;
        assert_eq!(may_become(None, Acknowledged, ""), Ok(()));
        assert!(may_become(None, Closed, "done").is_err());
        assert!(may_become(Some(Acknowledged), Closed, " ").is_err());
        assert_eq!(may_become(Some(Acknowledged), Closed, "已上门核实"), Ok(()));
        assert!(may_become(Some(Closed), Acknowledged, "").is_err());
        assert_eq!(
            may_become(Some(Acknowledged), Acknowledged, ""),
            Err(AlertRefusal::AlreadyAcknowledged)
        );
        assert_eq!(
            may_become(None, Closed, "done"),
            Err(AlertRefusal::NotAcknowledged)
        );
        assert_eq!(
            may_become(Some(Acknowledged), Closed, "\t"),
            Err(AlertRefusal::NoteNeeded)
        );
    }

    #[test]
    fn an_alert_is_handed_to_someone_until_it_is_closed() {
        use AlertState::*;
        assert_eq!(may_assign(None), Ok(()));
        assert_eq!(may_assign(Some(Acknowledged)), Ok(()));
        assert_eq!(may_assign(Some(Closed)), Err(AlertRefusal::AlreadyClosed));
    }

    #[test]
    fn a_surge_is_far_above_a_robust_baseline() {
        let quiet = [2, 3, 2, 4, 3, 2, 3, 2, 3, 4, 2, 3, 3, 2];
        let s = surge(&quiet, 12, 3.0, 5).expect("a surge");
        assert_eq!(s.median, 3.0);
        assert!(s.threshold >= 8.0 && s.threshold < 12.0, "{s:?}");
        assert_eq!(surge(&quiet, 6, 3.0, 5), None, "busy, not a surge");
        // One wild day in the history does not raise the bar much (a mean would).
        let spiky = [2, 3, 2, 4, 3, 2, 90, 2, 3, 4, 2, 3, 3, 2];
        assert!(surge(&spiky, 12, 3.0, 5).is_some());
        assert_eq!(surge(&[], 12, 3.0, 5), None);
    }
}
