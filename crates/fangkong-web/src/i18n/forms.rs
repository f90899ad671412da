//! The texts of the login page and the one report form, in both languages.

use fangkong_domain::Measure;

use super::Lang;

crate::catalogue_view! {
    /// Every fixed text of the login page and the report form, in one language.
    pub struct FormMessages ("form") {
        /// "Sign in".
        sign_in,
        /// "Username".
        username,
        /// "Password".
        password,
        /// "Wrong username or password".
        bad_login,
        /// "Sign out".
        sign_out,
        /// "Public figures".
        public_page,
        /// "Daily report".
        daily_report,
        /// "My reporting units".
        my_units,
        /// "Reported".
        reported,
        /// "Not yet reported".
        not_reported,
        /// "No reporting units in your scope".
        no_units,
        /// "New confirmed".
        new_confirmed,
        /// "New suspected".
        new_suspected,
        /// "New close contacts".
        new_close_contacts,
        /// "New fever patients".
        new_fever,
        /// "The six measures in place".
        measures,
        /// "Reporter".
        reporter,
        /// "Remark".
        remark,
        /// "Reason for the correction".
        reason,
        /// "This corrects revision N; say why".
        correcting,
        /// "Measures start from yesterday's answers".
        prefilled,
        /// "Submit".
        submit,
        /// "Sending…".
        sending,
        /// "Recorded".
        recorded,
        /// "Already recorded (sent twice)".
        repeated,
        /// "Please fix the fields marked below".
        fix_fields,
        /// "Revision".
        revision,
    }
}

impl Lang {
    /// The form texts in this language.
    pub fn forms(self) -> FormMessages {
        FormMessages::of(self)
    }

    /// A measure's label in this language.
    pub fn measure(self, m: Measure) -> &'static str {
        match self {
            Lang::Zh => m.label_zh(),
            Lang::En => match m {
                Measure::ClosedManagement => "closed management",
                Measure::Screening => "screening",
                Measure::Disinfection => "disinfection",
                Measure::Supplies => "supplies",
                Measure::Stability => "stability",
                Measure::Publicity => "publicity",
            },
        }
    }
}
