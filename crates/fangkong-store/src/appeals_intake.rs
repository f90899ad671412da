//! Taking appeals in, whatever the channel (a file, the hotline's form, the
//! API, Open311): each is classified (unless the caller chose its category),
//! given an urgency, routed, and grouped with its duplicates among the others
//! and the appeals stored in the week before; then all are written at once.

use std::collections::{HashMap, HashSet};

use fangkong_domain::appeals::duplicates::{AppealKey, DuplicateIndex};
use fangkong_domain::appeals::sample::standard_classifier;
use fangkong_domain::appeals::triage::permille;
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
    /// The category the caller or operator chose (an Open311 service code),
    /// if any; else the classifier decides.
    pub category: Option<Category>,
    /// The unit the operator named, if any; else the router decides.
    pub unit: Option<fangkong_domain::UnitCode>,
    /// The urgency the operator judged, if any; else the rules decide.
    pub urgency: Option<fangkong_domain::appeals::Urgency>,
    /// The public post it comes from, if it came from online.
    pub post: Option<crate::PublicPost>,
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
    /// The duplicate index over the appeals received in the window before
    /// `until` (and after it), each with the group it was stored in, and the
    /// highest appeal key it read (to catch up from, with
    /// [`Store::learn_appeals`]).
    pub async fn duplicate_index(
        &self,
        until: Timestamp,
    ) -> Result<(DuplicateIndex, i64), StoreError> {
        let mut index = DuplicateIndex::new(DUPLICATE_WINDOW);
        let since = until.checked_sub(DUPLICATE_WINDOW).ok();
        let last = self
            .learn_appeals(&mut index, since, 0, &HashSet::new())
            .await?;
        Ok((index, last))
    }

    /// Adds to `index` the appeals received from `since` and written after key
    /// `after`, except those in `known` (already in it); returns the highest
    /// key read (`after` if none).
    pub async fn learn_appeals(
        &self,
        index: &mut DuplicateIndex,
        since: Option<Timestamp>,
        after: i64,
        known: &HashSet<String>,
    ) -> Result<i64, StoreError> {
        let mut last = after;
        for a in self.appeal_keys(since, after).await? {
            last = last.max(a.id);
            if known.contains(&a.reference) {
                continue;
            }
            index.add_known(
                &AppealKey {
                    received: a.received_at,
                    phone: a.phone.as_deref(),
                    address: a.address.as_deref(),
                    text: &a.text,
                },
                &a.reference,
                a.duplicate_of.as_deref(),
            );
        }
        Ok(last)
    }

    /// Classifies, routes, groups and writes `inputs` in one transaction,
    /// reading the stored appeals of the window for their duplicates.
    pub async fn take_in_appeals(
        &self,
        inputs: &[AppealInput],
        router: &Router,
        at: Timestamp,
        actor: &str,
    ) -> Result<TakenIn, StoreError> {
        let earliest = inputs.iter().map(|a| a.received_at).min().unwrap_or(at);
        let (mut index, _) = self.duplicate_index(earliest).await?;
        self.take_in_appeals_with(inputs, router, &mut index, at, actor)
            .await
    }

    /// Classifies, routes, groups (against `index`, which the caller keeps
    /// over the stored appeals of the window, and which learns these) and
    /// writes `inputs` in one transaction; if the write fails, `index` forgets
    /// them again.
    pub async fn take_in_appeals_with(
        &self,
        inputs: &[AppealInput],
        router: &Router,
        index: &mut DuplicateIndex,
        at: Timestamp,
        actor: &str,
    ) -> Result<TakenIn, StoreError> {
        self.take_in_appeals_by(
            inputs,
            &[(actor.to_string(), inputs.len())],
            router,
            index,
            at,
        )
        .await
    }

    /// As [`Store::take_in_appeals_with`], for the appeals of several accounts
    /// at once (`by`: each account and how many of `inputs`, in order, are
    /// its; one audit line each), in one transaction.
    pub async fn take_in_appeals_by(
        &self,
        inputs: &[AppealInput],
        by: &[(String, usize)],
        router: &Router,
        index: &mut DuplicateIndex,
        at: Timestamp,
    ) -> Result<TakenIn, StoreError> {
        let model = standard_classifier();
        let before = index.len();
        // In the order received, so that a group's first is its earliest.
        let mut order: Vec<usize> = (0..inputs.len()).collect();
        order.sort_by_key(|&i| (inputs[i].received_at, i));
        let mut duplicate_of: Vec<Option<String>> = vec![None; inputs.len()];
        for &i in &order {
            let a = &inputs[i];
            let key = AppealKey {
                received: a.received_at,
                phone: a.phone.as_deref(),
                address: a.address.as_deref(),
                text: &a.text,
            };
            duplicate_of[i] = index.insert(&key, &a.reference).duplicate_of;
        }
        let batch_position: HashMap<&str, usize> = inputs
            .iter()
            .enumerate()
            .map(|(i, a)| (a.reference.as_str(), i))
            .collect();
        let batch: Vec<NewAppeal> = order
            .iter()
            .map(|&i| {
                let a = &inputs[i];
                let unit = a.unit.clone().or_else(|| {
                    router
                        .route(&format!(
                            "{} {} {}",
                            a.place,
                            a.address.as_deref().unwrap_or(""),
                            a.text
                        ))
                        .map(|r| r.unit)
                });
                // The model decides only where no person chose a category.
                let decision = match a.category {
                    Some(c) => (c, None),
                    None => {
                        let d = model.classify(&a.text);
                        (d.category, Some(permille(d.confidence)))
                    }
                };
                NewAppeal {
                    reference: a.reference.clone(),
                    channel: a.channel,
                    received_at: a.received_at,
                    text: a.text.clone(),
                    caller_name: a.name.clone(),
                    caller_phone: a.phone.clone(),
                    address: a.address.clone(),
                    unit,
                    category: decision.0,
                    category_by_person: a.category.is_some(),
                    confidence: decision.1,
                    post: a.post.clone(),
                    urgency: a.urgency.unwrap_or_else(|| urgency(&a.text).0),
                    duplicate_of: None,
                }
            })
            .collect();
        // A duplicate of one in the same batch points at its place in the
        // write order (always earlier: the batch is written as received).
        let written_at: HashMap<usize, usize> =
            order.iter().enumerate().map(|(k, &i)| (i, k)).collect();
        let mut batch = batch;
        for (k, &i) in order.iter().enumerate() {
            batch[k].duplicate_of =
                duplicate_of[i]
                    .as_deref()
                    .map(|head| match batch_position.get(head) {
                        Some(&j) => DuplicateOf::Batch(written_at[&j]),
                        None => DuplicateOf::Stored(head.to_string()),
                    });
        }
        if let Err(e) = self.add_appeals_by(&batch, at, by).await {
            index.truncate(before);
            return Err(e);
        }
        let mut outcomes: Vec<Outcome> = Vec::with_capacity(inputs.len());
        outcomes.resize_with(inputs.len(), || Outcome {
            reference: String::new(),
            category: Category::Other,
            urgency: fangkong_domain::appeals::Urgency::Normal,
            unit: None,
            duplicate_of: None,
        });
        for (k, &i) in order.iter().enumerate() {
            let a = &batch[k];
            outcomes[i] = Outcome {
                reference: a.reference.clone(),
                category: a.category,
                urgency: a.urgency,
                unit: a.unit.clone(),
                duplicate_of: duplicate_of[i].clone(),
            };
        }
        Ok(TakenIn {
            appeals: batch.len(),
            routed: batch.iter().filter(|a| a.unit.is_some()).count(),
            grouped: batch.iter().filter(|a| a.duplicate_of.is_some()).count(),
            outcomes,
        })
    }
}
