//! The alerts about the people who work: someone on the kept rota worn out,
//! a community or village short of staff for its residents.

use std::collections::HashMap;

use fangkong_domain::Day;
use fangkong_domain::alerts::{AlertKind, Severity};
use fangkong_domain::registry::mask;
use fangkong_domain::rota::{RotaRules, Strain, fatigue, staffing};
use fangkong_domain::unit::UnitIndex;

use crate::alerts::{RaisedAlert, Why, WhyValue, about_unit};
use crate::{Loaded, Store, StoreError};

impl Store {
    /// Fatigue (from the kept rota up to `day`) and short staffing (from the
    /// roster on `day`). A unit with nobody on its roster raises nothing: no
    /// roster kept is unknown, not short.
    pub(crate) async fn staff_alerts(
        &self,
        loaded: &Loaded,
        rules: &RotaRules,
        day: Day,
        raised: &mut Vec<RaisedAlert>,
    ) -> Result<(), StoreError> {
        let staff = self.staff().await?;
        if staff.is_empty() {
            return Ok(());
        }
        let tree = loaded.engine.tree();
        let back = rules.rest_window_days.max(rules.max_consecutive_days + 1) as i32;
        let duties = self
            .kept_rota(&staff, day.plus_days(-back).unwrap_or(day), day)
            .await?;
        for tired in fatigue(&staff, &duties, rules, day) {
            let s = &staff[tired.person];
            let Some(unit) = tree.get(&s.unit) else {
                continue;
            };
            let mut alert = about_unit(
                AlertKind::Fatigue,
                Severity::Medium,
                unit,
                match tired.strains[0] {
                    Strain::OverLimit { days, limit } => Why::new(
                        "alert-fatigue-days",
                        vec![
                            ("person", WhyValue::Name(mask::name(&s.name))),
                            ("days", WhyValue::Number(days)),
                            ("limit", WhyValue::Number(limit)),
                        ],
                    ),
                    Strain::NoRest {
                        days_off,
                        window,
                        needed,
                    } => Why::new(
                        "alert-fatigue-rest",
                        vec![
                            ("person", WhyValue::Name(mask::name(&s.name))),
                            ("off", WhyValue::Number(days_off)),
                            ("window", WhyValue::Number(window)),
                            ("needed", WhyValue::Number(needed)),
                        ],
                    ),
                },
            );
            // One alert per person: the key is their roster id.
            alert.key = s.id.clone();
            raised.push(alert);
        }
        let mut people: HashMap<UnitIndex, u32> = HashMap::new();
        for s in staff.iter().filter(|s| s.left_on.is_none_or(|l| day < l)) {
            if let Some(i) = tree.index_of(&s.unit) {
                *people.entry(i).or_default() += 1;
            }
        }
        for root in tree.roots() {
            let (units, _) = staffing(tree, root, &people, rules);
            for s in units.iter().filter(|s| s.people > 0) {
                let (Some(short), Some(needed), Some(residents)) =
                    (s.short_by(), s.needed, s.residents)
                else {
                    continue;
                };
                if short == 0 {
                    continue;
                }
                raised.push(about_unit(
                    AlertKind::ShortStaffed,
                    if s.people * 2 < needed {
                        Severity::High
                    } else {
                        Severity::Medium
                    },
                    tree.unit(s.unit),
                    Why::new(
                        "alert-short-staffed",
                        vec![
                            ("people", WhyValue::Number(s.people)),
                            ("needed", WhyValue::Number(needed)),
                            ("residents", WhyValue::Number(residents)),
                            (
                                "per_thousand",
                                WhyValue::Figure(format!("{:.1}", s.per_thousand.unwrap_or(0.0))),
                            ),
                        ],
                    ),
                ));
            }
        }
        Ok(())
    }
}
