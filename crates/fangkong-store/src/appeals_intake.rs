//! Taking appeals in, whatever the channel (a file, the hotline's form, the
//! API, Open311): each is classified (unless the caller chose its category),
//! given an urgency, routed, and grouped with its duplicates among the others
//! and the appeals stored in the week before; then all are written at once.

use std::collections::HashMap;

use fangkong_domain::appeals::duplicates::{AppealKey, group};
use fangkong_domain::appeals::sample::standard_classifier;
use fangkong_domain::appeals::urgency::urgency;
use fangkong_domain::appeals::{Category, Router};
use jiff::{SignedDuration, Timestamp};

use crate::{DuplicateOf, NewAppeal, Store, StoreError};

/// How far apart two appeals may be received and still be one problem.
pub const DUPLICATE_WINDOW: SignedDuration = SignedDuration::from_hours(24 * 7);

/// An appeal as received, checked field by field by the surface.
#[derive(Debug, Clone)]
pub struct AppealInput {
    /// The reference (unique).
    pub reference: String,
    /// `hotline`, `message_board`, `api` or `import`.
    pub channel: &'static str,
    /// When it was received.
    pub received_at: Timestamp,
    /// The text.
    pub text: String,
    /// The caller's name (personal data).
    pub name: Option<String>,
    /// The caller's phone (personal data).
    pub phone: Option<String>,
    /// The address.
    pub address: Option<String>,
    /// Other place text to route by (a city or area field).
    pub place: String,
    /// The category the caller chose (an Open311 service code), if any.
    pub category: Option<Category>,
}

/// What a taking-in did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TakenIn {
    /// Appeals written.
    pub appeals: usize,
    /// Routed to a unit.
    pub routed: usize,
    /// Joined a group of duplicates.
    pub grouped: usize,
    /// What became of each input, in order.
    pub outcomes: Vec<Outcome>,
}

/// What became of one appeal taken in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Its reference.
    pub reference: String,
    /// Its category (the model's, unless one was given).
    pub category: Category,
    /// Its urgency.
    pub urgency: fangkong_domain::appeals::Urgency,
    /// The unit it was routed to (none: the queue).
    pub unit: Option<fangkong_domain::UnitCode>,
    /// The first appeal of the group it joined, if it repeats one.
    pub duplicate_of: Option<String>,
}

impl Store {
    /// Classifies, routes, groups and writes `inputs` in one transaction.
    pub async fn take_in_appeals(
        &self,
        inputs: &[AppealInput],
        router: &Router,
        at: Timestamp,
        actor: &str,
    ) -> Result<TakenIn, StoreError> {
        let units = self.units().await?;
        let model = standard_classifier();
        let routes: Vec<Option<fangkong_domain::UnitCode>> = inputs
            .iter()
            .map(|a| {
                router
                    .route(&format!(
                        "{} {} {}",
                        a.place,
                        a.address.as_deref().unwrap_or(""),
                        a.text
                    ))
                    .map(|r| r.unit)
                    .filter(|u| units.ids.contains_key(u))
            })
            .collect();
        let mut batch: Vec<NewAppeal> = inputs
            .iter()
            .zip(&routes)
            .map(|(a, route)| NewAppeal {
                reference: a.reference.clone(),
                channel: a.channel,
                received_at: a.received_at,
                text: a.text.clone(),
                caller_name: a.name.clone(),
                caller_phone: a.phone.clone(),
                address: a.address.clone(),
                unit_id: route.as_ref().and_then(|u| units.ids.get(u).copied()),
                category: a
                    .category
                    .unwrap_or_else(|| model.classify(&a.text).category),
                urgency: urgency(&a.text).0,
                duplicate_of: None,
            })
            .collect();
        let earliest = batch.iter().map(|a| a.received_at).min().unwrap_or(at);
        let stored = self
            .appeals(earliest.checked_sub(DUPLICATE_WINDOW).ok())
            .await?;
        let keys: Vec<AppealKey<'_>> = stored
            .iter()
            .map(|a| AppealKey {
                received: a.received_at,
                phone: a.caller_phone.as_deref(),
                address: a.address.as_deref(),
                text: a.text.as_str(),
            })
            .chain(batch.iter().map(|a| AppealKey {
                received: a.received_at,
                phone: a.caller_phone.as_deref(),
                address: a.address.as_deref(),
                text: a.text.as_str(),
            }))
            .collect();
        let mut first_of: HashMap<usize, usize> = HashMap::new();
        for g in group(&keys, DUPLICATE_WINDOW) {
            for &i in &g[1..] {
                first_of.insert(i, g[0]);
            }
        }
        let n = stored.len();
        let duplicates: Vec<Option<DuplicateOf>> = (0..batch.len())
            .map(|k| {
                first_of.get(&(n + k)).map(|&f| {
                    if f < n {
                        // The first of a stored group may itself point further back.
                        DuplicateOf::Stored(
                            stored[f]
                                .duplicate_of
                                .clone()
                                .unwrap_or_else(|| stored[f].reference.clone()),
                        )
                    } else {
                        DuplicateOf::Batch(f - n)
                    }
                })
            })
            .collect();
        for (a, d) in batch.iter_mut().zip(duplicates) {
            a.duplicate_of = d;
        }
        self.add_appeals(&batch, at, actor).await?;
        let outcomes = batch
            .iter()
            .zip(routes)
            .map(|(a, unit)| Outcome {
                reference: a.reference.clone(),
                category: a.category,
                urgency: a.urgency,
                unit,
                duplicate_of: a.duplicate_of.as_ref().map(|d| match d {
                    DuplicateOf::Stored(r) => r.clone(),
                    DuplicateOf::Batch(k) => inputs[*k].reference.clone(),
                }),
            })
            .collect();
        Ok(TakenIn {
            outcomes,
            appeals: batch.len(),
            routed: batch.iter().filter(|a| a.unit_id.is_some()).count(),
            grouped: batch.iter().filter(|a| a.duplicate_of.is_some()).count(),
        })
    }
}
