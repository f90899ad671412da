//! The triage queue: an appeal the classifier is not sure enough of waits for
//! a person to choose its category instead of being filed under a guess.
//! Appeals whose category a person chose, or that came with one, never wait.

/// The default threshold (percent of confidence) of `[appeals] triage_below`:
/// chosen from `fangkong appeals evaluate --triage` on the held-out folds, as
/// the share a call centre can read by hand (about one appeal in ten) for
/// the accuracy it buys on the rest (BENCHMARKS.md).
pub const TRIAGE_BELOW: u8 = 60;

/// A confidence (0 to 1) as stored: permille, rounded.
pub fn permille(confidence: f32) -> u16 {
    (confidence.clamp(0.0, 1.0) * 1000.0).round() as u16
}

/// Whether an appeal waits in the triage queue: its category is the model's,
/// and the model's confidence (permille) is below `triage_below` percent.
pub fn awaits_triage(category_by_person: bool, confidence: Option<u16>, triage_below: u8) -> bool {
    !category_by_person && confidence.is_some_and(|c| c < u16::from(triage_below) * 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unsure_model_categories_wait() {
        assert!(awaits_triage(false, Some(449), 45));
        assert!(!awaits_triage(false, Some(450), 45));
        assert!(!awaits_triage(true, Some(100), 45), "a person chose it");
        assert!(
            !awaits_triage(false, None, 45),
            "taken in before confidences were kept"
        );
        assert!(!awaits_triage(false, Some(0), 0), "0 sends none");
    }

    #[test]
    fn confidences_are_kept_in_permille() {
        assert_eq!(permille(0.4567), 457);
        assert_eq!(permille(1.5), 1000);
        assert_eq!(permille(-1.0), 0);
        assert_eq!(permille(f32::NAN), 0);
    }
}
