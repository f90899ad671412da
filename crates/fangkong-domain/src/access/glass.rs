//! Breaking the glass: unmasking one person whom an office otherwise sees
//! masked. Who may ask is the access rule's ([`super::Action::BreakTheGlass`]:
//! the offices, inside their own scope); what counts as a reason and how often
//! an account may ask are decided here.

use serde::Deserialize;

/// Why a person's identity is needed: the purposes the field knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlassPurpose {
    /// Moving a patient or a contact between places (转运).
    Transfer,
    /// Tracing contacts in an epidemiological investigation (流调).
    Investigation,
    /// Treating a patient whose record must be matched (救治).
    Treatment,
    /// Checking a record suspected to be a duplicate or wrong (核查).
    RecordCheck,
}

impl GlassPurpose {
    /// Every purpose, in the order a form lists them.
    pub const ALL: [GlassPurpose; 4] = [
        GlassPurpose::Transfer,
        GlassPurpose::Investigation,
        GlassPurpose::Treatment,
        GlassPurpose::RecordCheck,
    ];

    /// The stable name used in forms, the API and the audit log.
    pub fn name(self) -> &'static str {
        match self {
            GlassPurpose::Transfer => "transfer",
            GlassPurpose::Investigation => "investigation",
            GlassPurpose::Treatment => "treatment",
            GlassPurpose::RecordCheck => "record_check",
        }
    }

    /// The purpose in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            GlassPurpose::Transfer => "转运交接",
            GlassPurpose::Investigation => "流行病学调查",
            GlassPurpose::Treatment => "救治",
            GlassPurpose::RecordCheck => "核查重复或错误记录",
        }
    }

    /// The purpose in English.
    pub fn label_en(self) -> &'static str {
        match self {
            GlassPurpose::Transfer => "transfer",
            GlassPurpose::Investigation => "epidemiological investigation",
            GlassPurpose::Treatment => "treatment",
            GlassPurpose::RecordCheck => "checking a duplicate or wrong record",
        }
    }
}

/// A reason given to break the glass: a purpose from the list and words of
/// one's own that say which case it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlassReason {
    /// The purpose.
    pub purpose: GlassPurpose,
    /// The case, in the asker's words.
    pub detail: String,
}

/// The limits on breaking the glass (`[access]` in the rules file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GlassRules {
    /// How many people one account may unmask in any hour.
    pub per_hour: u32,
    /// The fewest characters of the asker's own words.
    pub min_detail_chars: usize,
}

impl Default for GlassRules {
    fn default() -> Self {
        GlassRules {
            per_hour: 5,
            min_detail_chars: 6,
        }
    }
}

/// Why a request to break the glass is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GlassError {
    /// Occurs when the purpose is not one of [`GlassPurpose::ALL`].
    #[error("purpose: {0:?} is not transfer, investigation, treatment or record_check")]
    UnknownPurpose(String),
    /// Occurs when the asker's words are too few, or say nothing (one
    /// character repeated, or only the purpose again).
    #[error("reason: say which case this is, in at least {min} characters of your own")]
    NoSubstance {
        /// The fewest characters.
        min: usize,
    },
    /// Occurs when the account has unmasked its hourly share already.
    #[error("at most {limit} people may be unmasked per hour by one account; ask again later")]
    TooMany {
        /// The hourly limit.
        limit: u32,
    },
}

impl GlassError {
    /// The field at fault.
    pub fn field(&self) -> &'static str {
        match self {
            GlassError::UnknownPurpose(_) => "purpose",
            GlassError::NoSubstance { .. } => "reason",
            GlassError::TooMany { .. } => "reason",
        }
    }
}

impl GlassReason {
    /// Reads a purpose and the asker's words.
    pub fn parse(purpose: &str, detail: &str, rules: &GlassRules) -> Result<Self, GlassError> {
        let purpose = GlassPurpose::ALL
            .into_iter()
            .find(|p| p.name() == purpose.trim())
            .ok_or_else(|| GlassError::UnknownPurpose(purpose.trim().to_string()))?;
        let detail = detail.trim();
        let letters: Vec<char> = detail.chars().filter(|c| c.is_alphanumeric()).collect();
        let mut distinct = letters.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let repeats_the_purpose = detail == purpose.label_zh()
            || detail.eq_ignore_ascii_case(purpose.label_en())
            || detail.eq_ignore_ascii_case(purpose.name());
        if letters.len() < rules.min_detail_chars.max(1)
            || distinct.len() < 3
            || repeats_the_purpose
            || detail.chars().any(char::is_control)
        {
            return Err(GlassError::NoSubstance {
                min: rules.min_detail_chars,
            });
        }
        Ok(GlassReason {
            purpose,
            detail: detail.to_string(),
        })
    }

    /// How the reason reads in the audit log.
    pub fn audit_text(&self) -> String {
        format!("{}: {}", self.purpose.name(), self.detail)
    }
}

/// Whether an account that has unmasked `used` people in the last hour may
/// unmask one more.
pub fn within_rate(used: u32, rules: &GlassRules) -> Result<(), GlassError> {
    if used < rules.per_hour {
        Ok(())
    } else {
        Err(GlassError::TooMany {
            limit: rules.per_hour,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> GlassRules {
        GlassRules::default()
    }

    #[test]
    fn a_purpose_and_words_of_substance_are_a_reason() {
        let r = GlassReason::parse("transfer", "转运至金银潭医院，需核对身份证", &rules())
            .expect("a reason");
        assert_eq!(r.purpose, GlassPurpose::Transfer);
        assert_eq!(r.audit_text(), "transfer: 转运至金银潭医院，需核对身份证");
    }

    #[test]
    fn need_is_not_a_reason() {
        for detail in [
            "need",
            "",
            "      ",
            "aaaaaaaaaa",
            "转运交接",
            "transfer",
            "1111111",
        ] {
            assert_eq!(
                GlassReason::parse("transfer", detail, &rules()),
                Err(GlassError::NoSubstance { min: 6 }),
                "{detail:?}"
            );
        }
    }

    #[test]
    fn a_purpose_off_the_list_is_named() {
        let e =
            GlassReason::parse("curiosity", "想看看这个人是谁呀", &rules()).expect_err("refused");
        assert_eq!(e.field(), "purpose");
        assert!(e.to_string().contains("curiosity"));
    }

    #[test]
    fn control_characters_are_no_reason() {
        assert!(GlassReason::parse("treatment", "救治\u{0}核对病历号码", &rules()).is_err());
    }

    #[test]
    fn the_hourly_share_is_a_hard_limit() {
        let r = rules();
        assert_eq!(within_rate(0, &r), Ok(()));
        assert_eq!(within_rate(r.per_hour - 1, &r), Ok(()));
        assert_eq!(
            within_rate(r.per_hour, &r),
            Err(GlassError::TooMany { limit: r.per_hour })
        );
    }
}
