//! `Password`: a new password, checked for length before it is hashed. The hash
//! itself (argon2) is the store's job: the core does no cryptography.

/// A password good enough to set: 10 to 256 characters, not all one character.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(****)") // never in logs
    }
}

/// Why a password cannot be set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Occurs when the password is shorter than 10 characters.
    #[error("a password needs at least 10 characters (this one has {0})")]
    TooShort(usize),
    /// Occurs when the password is longer than 256 characters.
    #[error("a password has at most 256 characters (this one has {0})")]
    TooLong(usize),
    /// Occurs when every character is the same.
    #[error("a password of one repeated character is too easy to guess")]
    Repeated,
}

impl Password {
    /// Checks a new password.
    pub fn new(text: &str) -> Result<Password, PasswordError> {
        let n = text.chars().count();
        if n < 10 {
            return Err(PasswordError::TooShort(n));
        }
        if n > 256 {
            return Err(PasswordError::TooLong(n));
        }
        let mut chars = text.chars();
        let first = chars.next();
        if chars.all(|c| Some(c) == first) {
            return Err(PasswordError::Repeated);
        }
        Ok(Password(text.to_string()))
    }

    /// The password's text, to hash.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_bounds_hold() {
        assert_eq!(Password::new("short"), Err(PasswordError::TooShort(5)));
        assert!(Password::new("fangkong-2020").is_ok());
        assert_eq!(
            Password::new(&"ab".repeat(129)),
            Err(PasswordError::TooLong(258))
        );
        assert_eq!(Password::new("aaaaaaaaaaaa"), Err(PasswordError::Repeated));
    }

    #[test]
    fn debug_never_shows_the_password() {
        let p = Password::new("fangkong-2020").expect("valid");
        assert!(!format!("{p:?}").contains("fangkong"));
    }
}
