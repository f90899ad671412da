//! Disputes and incidents (矛盾纠纷, SPEC §8): recorded per unit with their kind,
//! how likely they are to escalate, the parties (personal data, masked by
//! role), and tracked to resolution through mediation steps: mediated, then an
//! agreement, a referral to another body, or a withdrawal; an agreement that
//! breaks is mediated again. Every step says who, when and what.

use jiff::Timestamp;
use serde::Serialize;

/// What a dispute is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DisputeKind {
    /// Between neighbours (noise, leaks, shared spaces).
    Neighbours,
    /// Within a family.
    Family,
    /// With the property management company.
    Property,
    /// Between landlord and tenant.
    Tenancy,
    /// Wages and work.
    Labour,
    /// Over the epidemic measures themselves (closures, checkpoints, supplies).
    Measures,
    /// Anything else.
    Other,
}

impl DisputeKind {
    /// Every kind, in order.
    pub const ALL: [DisputeKind; 7] = [
        DisputeKind::Neighbours,
        DisputeKind::Family,
        DisputeKind::Property,
        DisputeKind::Tenancy,
        DisputeKind::Labour,
        DisputeKind::Measures,
        DisputeKind::Other,
    ];

    /// The name in files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            DisputeKind::Neighbours => "neighbours",
            DisputeKind::Family => "family",
            DisputeKind::Property => "property",
            DisputeKind::Tenancy => "tenancy",
            DisputeKind::Labour => "labour",
            DisputeKind::Measures => "measures",
            DisputeKind::Other => "other",
        }
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            DisputeKind::Neighbours => "邻里纠纷",
            DisputeKind::Family => "家庭纠纷",
            DisputeKind::Property => "物业纠纷",
            DisputeKind::Tenancy => "租赁纠纷",
            DisputeKind::Labour => "劳资纠纷",
            DisputeKind::Measures => "防控措施引发的纠纷",
            DisputeKind::Other => "其他纠纷",
        }
    }

    /// Parses [`DisputeKind::name`].
    pub fn parse(text: &str) -> Option<DisputeKind> {
        DisputeKind::ALL
            .into_iter()
            .find(|k| k.name() == text.trim())
    }
}

/// How likely a dispute is to escalate (to violence, a group incident).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    /// Could turn violent or draw a crowd: watch daily.
    High,
    /// Tense.
    Medium,
    /// Ordinary.
    Low,
}

impl Risk {
    /// The name in files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Risk::High => "high",
            Risk::Medium => "medium",
            Risk::Low => "low",
        }
    }

    /// Parses [`Risk::name`].
    pub fn parse(text: &str) -> Option<Risk> {
        [Risk::High, Risk::Medium, Risk::Low]
            .into_iter()
            .find(|r| r.name() == text.trim())
    }
}

/// Where a dispute stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DisputeStatus {
    /// Recorded, nobody has mediated yet.
    Open,
    /// Being mediated.
    Mediating,
    /// The parties agreed.
    Resolved,
    /// Handed to another body (police, court, labour arbitration, legal aid).
    Referred,
    /// The complaining party withdrew.
    Withdrawn,
}

impl DisputeStatus {
    /// The name in files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            DisputeStatus::Open => "open",
            DisputeStatus::Mediating => "mediating",
            DisputeStatus::Resolved => "resolved",
            DisputeStatus::Referred => "referred",
            DisputeStatus::Withdrawn => "withdrawn",
        }
    }

    /// Whether the dispute still needs work.
    pub fn is_open(self) -> bool {
        matches!(self, DisputeStatus::Open | DisputeStatus::Mediating)
    }
}

/// A mediation step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum DisputeStep {
    /// A mediation session (or a visit, a call) and what came of it.
    Mediated,
    /// The parties agreed; the note says on what.
    Agreed,
    /// Handed to another body.
    Referred {
        /// To whom.
        to: String,
    },
    /// The complaining party withdrew.
    Withdrawn,
    /// An agreement broke or a referral came back: mediated again.
    Reopened,
}

impl DisputeStep {
    /// The name in files and JSON.
    pub fn name(&self) -> &'static str {
        match self {
            DisputeStep::Mediated => "mediated",
            DisputeStep::Agreed => "agreed",
            DisputeStep::Referred { .. } => "referred",
            DisputeStep::Withdrawn => "withdrawn",
            DisputeStep::Reopened => "reopened",
        }
    }

    /// Every step's name.
    pub const NAMES: [&'static str; 5] =
        ["mediated", "agreed", "referred", "withdrawn", "reopened"];

    /// The step named `name`; a referral names whom to.
    pub fn from_parts(name: &str, to: Option<&str>) -> Result<DisputeStep, DisputeError> {
        Ok(match name.trim() {
            "mediated" => DisputeStep::Mediated,
            "agreed" => DisputeStep::Agreed,
            "referred" => DisputeStep::Referred {
                to: to
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .ok_or(DisputeError::Needs("a referral names whom it goes to"))?
                    .to_string(),
            },
            "withdrawn" => DisputeStep::Withdrawn,
            "reopened" => DisputeStep::Reopened,
            other => return Err(DisputeError::UnknownStep(other.to_string())),
        })
    }
}

/// One step of a dispute: what, when, who, and a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisputeChange {
    /// When.
    pub at: Timestamp,
    /// Who.
    pub actor: String,
    /// What.
    pub step: DisputeStep,
    /// What was done or agreed, in words (every step needs one).
    pub note: String,
}

/// Why a step cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DisputeError {
    /// Occurs when the step does not follow from where the dispute stands.
    #[error("a dispute that is {from} cannot be {step}")]
    Transition {
        /// Where it stands.
        from: &'static str,
        /// The step refused.
        step: &'static str,
    },
    /// Occurs when a step has no note.
    #[error("say what was done or agreed (a note)")]
    NoteMissing,
    /// Occurs when a step lacks what it needs.
    #[error("{0}")]
    Needs(&'static str),
    /// Occurs when a step's name is unknown.
    #[error("'{0}' is not a step (mediated, agreed, referred, withdrawn, reopened)")]
    UnknownStep(String),
    /// Occurs when a step is dated before the one it follows.
    #[error("a step cannot be dated before the previous one")]
    OutOfOrder,
}

/// Where a dispute stands after `changes` (it starts open), or the first step
/// that breaks the rules.
pub fn dispute_status(changes: &[DisputeChange]) -> Result<DisputeStatus, DisputeError> {
    use DisputeStatus::*;
    let mut now = Open;
    let mut last: Option<Timestamp> = None;
    for c in changes {
        if last.is_some_and(|l| c.at < l) {
            return Err(DisputeError::OutOfOrder);
        }
        if c.note.trim().is_empty() {
            return Err(DisputeError::NoteMissing);
        }
        now = match (&c.step, now) {
            (DisputeStep::Mediated, Open | Mediating) => Mediating,
            (DisputeStep::Agreed, Mediating) => Resolved,
            (DisputeStep::Referred { .. }, Open | Mediating) => Referred,
            (DisputeStep::Withdrawn, Open | Mediating) => Withdrawn,
            (DisputeStep::Reopened, Resolved | Referred) => Mediating,
            (step, from) => {
                return Err(DisputeError::Transition {
                    from: from.name(),
                    step: step.name(),
                });
            }
        };
        last = Some(c.at);
    }
    Ok(now)
}

/// The steps that may come next after `changes` (by name): each is tried
/// against the rules as it would be taken now.
pub fn allowed_steps(changes: &[DisputeChange]) -> Vec<&'static str> {
    let at = changes.last().map_or(Timestamp::UNIX_EPOCH, |c| c.at);
    DisputeStep::NAMES
        .into_iter()
        .filter(|name| {
            DisputeStep::from_parts(name, Some("-")).is_ok_and(|step| {
                let mut all = changes.to_vec();
                all.push(DisputeChange {
                    at,
                    actor: String::new(),
                    step,
                    note: "-".into(),
                });
                dispute_status(&all).is_ok()
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hour: i64) -> Timestamp {
        Timestamp::from_second(1_583_020_800 + hour * 3600).expect("instant")
    }

    fn step(hour: i64, step: DisputeStep, note: &str) -> DisputeChange {
        DisputeChange {
            at: at(hour),
            actor: "wangfang".into(),
            step,
            note: note.into(),
        }
    }

    #[test]
    fn a_dispute_is_mediated_to_an_agreement_and_reopened_when_it_breaks() {
        let mut c = vec![];
        assert_eq!(dispute_status(&c), Ok(DisputeStatus::Open));
        c.push(step(1, DisputeStep::Mediated, "上门调解，双方各退一步"));
        c.push(step(2, DisputeStep::Mediated, "再次调解"));
        assert_eq!(dispute_status(&c), Ok(DisputeStatus::Mediating));
        c.push(step(3, DisputeStep::Agreed, "漏水由楼上维修，费用平摊"));
        assert_eq!(dispute_status(&c), Ok(DisputeStatus::Resolved));
        assert!(!DisputeStatus::Resolved.is_open());
        c.push(step(9, DisputeStep::Reopened, "楼上没有维修"));
        assert_eq!(dispute_status(&c), Ok(DisputeStatus::Mediating));
        assert!(DisputeStatus::Mediating.is_open());
    }

    #[test]
    fn the_steps_offered_next_are_those_the_rules_allow() {
        assert_eq!(allowed_steps(&[]), ["mediated", "referred", "withdrawn"]);
        let mediating = [step(1, DisputeStep::Mediated, "x")];
        assert_eq!(
            allowed_steps(&mediating),
            ["mediated", "agreed", "referred", "withdrawn"]
        );
        let withdrawn = [step(1, DisputeStep::Withdrawn, "x")];
        assert!(allowed_steps(&withdrawn).is_empty(), "final");
    }

    #[test]
    fn steps_that_do_not_follow_are_refused() {
        let agreed_first = [step(1, DisputeStep::Agreed, "x")];
        assert_eq!(
            dispute_status(&agreed_first),
            Err(DisputeError::Transition {
                from: "open",
                step: "agreed"
            }),
            "an agreement comes of a mediation"
        );
        let silent = [step(1, DisputeStep::Mediated, " ")];
        assert_eq!(dispute_status(&silent), Err(DisputeError::NoteMissing));
        let back = [
            step(2, DisputeStep::Mediated, "a"),
            step(1, DisputeStep::Mediated, "b"),
        ];
        assert_eq!(dispute_status(&back), Err(DisputeError::OutOfOrder));
        let withdrawn = [
            step(1, DisputeStep::Withdrawn, "撤回"),
            step(2, DisputeStep::Mediated, "x"),
        ];
        assert!(dispute_status(&withdrawn).is_err(), "withdrawn is final");
        assert_eq!(
            DisputeStep::from_parts("referred", Some(" ")),
            Err(DisputeError::Needs("a referral names whom it goes to"))
        );
        assert_eq!(
            DisputeStep::from_parts("referred", Some("派出所")),
            Ok(DisputeStep::Referred {
                to: "派出所".into()
            })
        );
        for name in DisputeStep::NAMES {
            assert_eq!(
                DisputeStep::from_parts(name, Some("x"))
                    .expect("step")
                    .name(),
                name
            );
        }
        for k in DisputeKind::ALL {
            assert_eq!(DisputeKind::parse(k.name()), Some(k));
        }
        assert_eq!(Risk::parse("high"), Some(Risk::High));
        assert_eq!(Risk::parse("severe"), None);
    }
}
