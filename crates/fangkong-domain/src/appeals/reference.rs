//! References a person can read over the phone: ten digits, the last a check
//! digit (Damm's algorithm, which catches every single wrong digit and every
//! swap of two neighbours), said in groups of 3, 3 and 4. References written
//! otherwise (older ones, a message board's own) keep working as they are.

/// Damm's table: a totally anti-symmetric quasigroup of order 10.
const DAMM: [[u8; 10]; 10] = [
    [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
    [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
    [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
    [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
    [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
    [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
    [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
    [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
    [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
    [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

/// The digits before the check digit.
const BODY: usize = 9;

/// Damm's interim digit of `digits` (0 when they end in their own check digit).
fn damm(digits: &str) -> Option<u8> {
    digits.bytes().try_fold(0u8, |interim, b| {
        b.is_ascii_digit()
            .then(|| DAMM[usize::from(interim)][usize::from(b - b'0')])
    })
}

/// A new reference from `random` bits: nine digits and their check digit.
pub fn numeric(random: u64) -> String {
    let body = format!("{:0width$}", random % 1_000_000_000, width = BODY);
    let check = damm(&body).unwrap_or(0);
    format!("{body}{check}")
}

/// Whether `text` is a numeric reference with a right check digit.
pub fn is_numeric(text: &str) -> bool {
    text.len() == BODY + 1 && damm(text) == Some(0)
}

/// A reference as typed or read out (`123 456 7890`, `123-456-7890`) in its
/// stored form; any other text is only trimmed.
pub fn normalise(text: &str) -> String {
    let digits: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if digits.len() == BODY + 1 && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits
    } else {
        text.trim().to_string()
    }
}

/// A numeric reference in groups of 3, 3 and 4, as it is read out; any other
/// reference as it is.
pub fn spoken(reference: &str) -> String {
    if reference.len() == BODY + 1 && reference.bytes().all(|b| b.is_ascii_digit()) {
        format!(
            "{} {} {}",
            &reference[..3],
            &reference[3..6],
            &reference[6..]
        )
    } else {
        reference.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_reference_is_ten_digits_said_in_groups_and_typed_any_way() {
        let r = numeric(572);
        assert_eq!(r.len(), 10);
        assert!(r.starts_with("000000572"));
        assert!(is_numeric(&r));
        assert_eq!(spoken("5724031969"), "572 403 1969");
        assert_eq!(normalise(" 572-403 1969 "), "5724031969");
        assert_eq!(
            normalise("hl-96e17b663fa3"),
            "hl-96e17b663fa3",
            "old ones as they are"
        );
        assert_eq!(spoken("hl-96e17b663fa3"), "hl-96e17b663fa3");
        assert!(!is_numeric("hl-96e17b66"));
        // Damm's own example: 572 has check digit 4.
        assert_eq!(damm("5724"), Some(0));
    }

    proptest! {
        #[test]
        fn every_wrong_digit_and_every_swap_of_neighbours_is_caught(
            random in any::<u64>(), at in 0usize..10, by in 1u8..10, swap in 0usize..9,
        ) {
            let r = numeric(random);
            prop_assert!(is_numeric(&r));
            let mut wrong = r.clone().into_bytes();
            wrong[at] = b'0' + (wrong[at] - b'0' + by) % 10;
            prop_assert!(!is_numeric(std::str::from_utf8(&wrong).expect("digits")));
            let mut swapped = r.clone().into_bytes();
            swapped.swap(swap, swap + 1);
            if swapped != r.as_bytes() {
                prop_assert!(!is_numeric(std::str::from_utf8(&swapped).expect("digits")));
            }
        }
    }
}
