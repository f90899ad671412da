//! `Username`: a login name, validated once.

use std::fmt;

/// A login name: 2 to 64 characters, letters (any script), digits, `.`, `_` or `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

/// Why a text is not a username.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsernameError {
    /// Occurs when the name is shorter than 2 or longer than 64 characters.
    #[error("a username has 2 to 64 characters, not {0}")]
    Length(usize),
    /// Occurs when the name holds a character outside letters, digits, `.`, `_`, `-`.
    #[error("a username holds only letters, digits, '.', '_' or '-', not {0:?}")]
    Character(char),
}

impl Username {
    /// Parses and validates a username (surrounding space is ignored).
    pub fn parse(text: &str) -> Result<Username, UsernameError> {
        let text = text.trim();
        let n = text.chars().count();
        if !(2..=64).contains(&n) {
            return Err(UsernameError::Length(n));
        }
        if let Some(c) = text
            .chars()
            .find(|c| !(c.is_alphanumeric() || matches!(c, '.' | '_' | '-')))
        {
            return Err(UsernameError::Character(c));
        }
        Ok(Username(text.to_string()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_latin_names_are_accepted() {
        assert_eq!(Username::parse(" 王芳 ").map(|u| u.0), Ok("王芳".into()));
        assert!(Username::parse("worker.jianghan-01").is_ok());
    }

    #[test]
    fn bad_names_say_why() {
        assert_eq!(Username::parse("a"), Err(UsernameError::Length(1)));
        assert_eq!(
            Username::parse(&"x".repeat(65)),
            Err(UsernameError::Length(65))
        );
        assert_eq!(Username::parse("a b"), Err(UsernameError::Character(' ')));
        assert_eq!(Username::parse("a'--"), Err(UsernameError::Character('\'')));
    }
}
