//! Citizens' appeals and disputes: `appeals`, `disputes`.

use std::path::PathBuf;

use clap::Subcommand;

use crate::output::Format;

/// The `appeals` commands.
#[derive(Debug, Subcommand)]
pub enum AppealsCommand {
    /// Classifies and routes the appeals of a CSV file with the columns `id,text`
    /// (and optionally `city,area`, the caller's own address fields). Prints
    /// `id,category,confidence,second,urgency,urgent_because,district,unit_code,unit_name`:
    /// the category (stranded, transport, supplies, medical, housing,
    /// mental_health, complaint, other) from a logistic regression over words,
    /// word pairs, runs of characters and the domain lexicon, trained on the
    /// project's labelled sample, with a calibrated confidence, and a second
    /// need the text states; the urgency by rule; and the Wuhan district and
    /// unit the text names (empty: unrouted, to the queue). With --explain,
    /// the words that decided each category.
    Classify {
        /// The CSV file.
        file: PathBuf,
        /// Show the words that weighed most for each decision.
        #[arg(long)]
        explain: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Takes in appeals from CSV (`ref,received_at,channel,text`, and optionally
    /// `phone,name,address,city,area`, and a person's own `unit`, `category`
    /// and `urgency` (urgent or normal), which win over the platform's;
    /// channel: hotline, message_board, api,
    /// import). Each is classified, given an urgency, routed, and grouped with
    /// its duplicates (the same caller, address or nearly the same text within
    /// seven days, stored ones included). All or nothing; every bad row named.
    Import {
        /// The CSV file.
        file: PathBuf,
    },
    /// Records a change in an appeal's life: assigned (with --unit), started,
    /// answered (with --note, and --promise DAY for a promise), closed, rated
    /// (the caller's satisfaction when called back after closure, with
    /// --satisfaction 1-5, once per closure), reopened (with --note).
    Change {
        /// The appeal's reference.
        reference: String,
        /// assigned, started, answered, closed, rated or reopened.
        #[arg(value_parser = ["assigned", "started", "answered", "closed", "rated", "reopened"])]
        event: String,
        /// The unit it is assigned to (assigned).
        #[arg(long, value_name = "CODE")]
        unit: Option<String>,
        /// What was answered, or why it is reopened.
        #[arg(long, default_value = "")]
        note: String,
        /// The day promised (answered).
        #[arg(long, value_name = "DAY")]
        promise: Option<String>,
        /// The caller's satisfaction, 1 to 5 (rated).
        #[arg(long)]
        satisfaction: Option<u8>,
        /// When it happened (RFC 3339; default: now).
        #[arg(long)]
        at: Option<String>,
    },
    /// Sets an appeal's category by hand (the model's is kept apart), audited
    /// with the reason.
    Recategorise {
        /// The appeal's reference.
        reference: String,
        /// The category.
        #[arg(long)]
        category: String,
        /// Why (required).
        #[arg(long)]
        reason: String,
    },
    /// The appeals (first of each group of duplicates), with where each stands,
    /// its deadline, lateness and escalation, and its promise.
    List {
        /// Only open appeals (not closed).
        #[arg(long)]
        open: bool,
        /// Only overdue ones (not answered by their deadline).
        #[arg(long)]
        overdue: bool,
        /// The moment to measure at (RFC 3339; default: now).
        #[arg(long)]
        at: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Figures per category: appeals, duplicates, open, overdue, median and 90th
    /// percentile of the time to the first answer, promises kept, broken and
    /// pending, mean satisfaction.
    Stats {
        /// The moment to measure at (RFC 3339; default: now).
        #[arg(long)]
        at: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Takes in a feed of public posts (网上民声) through the same intake as
    /// calls: classified, rated, routed by place and text, grouped with the
    /// appeals already taken in that they repeat. CSV (`id,time,text`, and
    /// optionally `author,place`) or JSON lines (`.jsonl`: the same keys). A
    /// post already taken in (same feed and id) is skipped; all or nothing.
    Voices {
        /// The feed file.
        file: PathBuf,
        /// The feed's name: references are `FEED-ID`.
        #[arg(long, default_value = "weibo")]
        feed: String,
    },
    /// Precision and recall per category on the labelled evaluation sample
    /// (texts kept apart from training: a fifth of the Teddy Cup set and the
    /// project's own evaluation texts); with `--cross-validate`, on every
    /// labelled text by 5-fold cross-validation, the project's sample and the
    /// Weibo training posts apart; with `--reliability`, how often the
    /// classifier is right at each confidence, and the temperature the folds
    /// fit; with `--triage`, what share of appeals each threshold sends to a
    /// person and how often the rest are right.
    Evaluate {
        /// Cross-validate on the labelled sample (5 folds).
        #[arg(long, conflicts_with_all = ["reliability", "triage", "routing"])]
        cross_validate: bool,
        /// The reliability table of the held-out folds' confidences.
        #[arg(long, conflicts_with_all = ["triage", "routing"])]
        reliability: bool,
        /// The triage queue's share and the filed appeals' accuracy per threshold.
        #[arg(long, conflicts_with = "routing")]
        triage: bool,
        /// Also measure routing on a CSV of real appeals (`id,city,area,text`):
        /// where the caller's own `city` field names one Wuhan district, that
        /// district is the answer, and the router sees only `area` and `text`.
        #[arg(long, value_name = "FILE")]
        routing: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

/// `fangkong disputes …`.
#[derive(Debug, Subcommand)]
pub enum DisputesCommand {
    /// Records a dispute: where, what kind, how likely to escalate, what
    /// happened, and the parties.
    Add {
        /// The unit where it arose (a compound, village, community…).
        #[arg(long, value_name = "CODE")]
        unit: String,
        /// neighbours, family, property, tenancy, labour, measures or other.
        #[arg(long)]
        kind: String,
        /// high (could turn violent or draw a crowd), medium or low.
        #[arg(long, default_value = "low")]
        risk: String,
        /// What happened.
        #[arg(long)]
        summary: String,
        /// A party: `NAME[,PHONE[,SIDE]]` (SIDE: complainant, respondent…);
        /// repeat for each.
        #[arg(long = "party", value_name = "NAME,PHONE,SIDE")]
        parties: Vec<String>,
        /// Its reference (default: one is made).
        #[arg(long = "ref")]
        reference: Option<String>,
        /// When it was reported (default: now).
        #[arg(long)]
        at: Option<String>,
    },
    /// Records a mediation step: mediated, agreed, referred (with --to),
    /// withdrawn or reopened, each with --note saying what was done or agreed.
    Step {
        /// The dispute's reference.
        reference: String,
        /// The step.
        #[arg(value_parser = ["mediated", "agreed", "referred", "withdrawn", "reopened"])]
        step: String,
        /// What was done or agreed.
        #[arg(long)]
        note: String,
        /// Whom it is referred to (referred).
        #[arg(long)]
        to: Option<String>,
        /// When (default: now).
        #[arg(long)]
        at: Option<String>,
    },
    /// The register: every dispute under a unit with where it stands, its
    /// steps and outcome; parties masked.
    List {
        /// Only under this unit.
        #[arg(long, value_name = "CODE")]
        unit: Option<String>,
        /// Only those still open (open or being mediated).
        #[arg(long)]
        open: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}
