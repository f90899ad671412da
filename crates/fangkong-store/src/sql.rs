//! `Sql`: a statement built piece by piece, its values bound to placeholders
//! written for the backend it runs on: `$1`, `$2`, … for PostgreSQL (which
//! refuses the `?` sqlx's own `QueryBuilder` writes for the `Any` driver), and
//! anonymous `?` for SQLite, whose lookup of named or numbered parameters is
//! linear per parameter (18,000 parameters of a bulk insert cost seconds).

use std::fmt::Write;

use sqlx::any::{AnyArguments, AnyQueryResult, AnyRow};
use sqlx::{Any, Arguments, Encode, Executor, Type};

use crate::Backend;

/// A statement under construction and the values bound so far.
#[derive(Default)]
pub(crate) struct Sql {
    text: String,
    arguments: AnyArguments,
    /// Where each placeholder `?` stands in `text`.
    placeholders: Vec<usize>,
    /// The first error met while binding, reported when the statement runs.
    failed: Option<String>,
}

impl Sql {
    /// A statement starting with `text`.
    pub(crate) fn new(text: impl Into<String>) -> Sql {
        Sql {
            text: text.into(),
            ..Sql::default()
        }
    }

    /// Appends SQL text.
    pub(crate) fn push(&mut self, text: impl std::fmt::Display) -> &mut Sql {
        let _ = write!(self.text, "{text}");
        self
    }

    /// Appends a placeholder bound to `value`.
    pub(crate) fn push_bind<'t, T>(&mut self, value: T) -> &mut Sql
    where
        T: Encode<'t, Any> + Type<Any>,
    {
        if let Err(e) = self.arguments.add(value) {
            self.failed.get_or_insert_with(|| e.to_string());
        }
        self.placeholders.push(self.text.len());
        self.text.push('?');
        self
    }

    /// A list whose items are joined by `separator`.
    pub(crate) fn separated(&mut self, separator: &'static str) -> Separated<'_> {
        Separated {
            sql: self,
            separator,
            first: true,
        }
    }

    /// Appends `VALUES (…), (…)`, one tuple per row, its items pushed by `each`.
    pub(crate) fn push_values<I, F>(&mut self, rows: I, mut each: F) -> &mut Sql
    where
        I: IntoIterator,
        F: FnMut(Separated<'_>, I::Item),
    {
        self.push("VALUES ");
        for (i, row) in rows.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.push("(");
            each(self.separated(", "), row);
            self.push(")");
        }
        self
    }

    /// The statement, ready to run on `backend`.
    pub(crate) fn build(mut self, backend: Backend) -> Built {
        if backend == Backend::Postgres {
            let mut text = String::with_capacity(self.text.len() + 4 * self.placeholders.len());
            let mut from = 0;
            for (n, &at) in self.placeholders.iter().enumerate() {
                text.push_str(&self.text[from..at]);
                let _ = write!(text, "${}", n + 1);
                from = at + 1;
            }
            text.push_str(&self.text[from..]);
            self.text = text;
        }
        Built(self, true)
    }
}

/// A finished statement, and whether the connection keeps it prepared.
pub(crate) struct Built(Sql, bool);

impl Built {
    /// Not kept prepared: planned for its values every time it runs. For a
    /// statement whose best plan depends on them (a range that is narrow or
    /// not), where a plan made once for any values reads a whole partition.
    pub(crate) fn planned_each_time(mut self) -> Built {
        self.1 = false;
        self
    }

    fn query(self) -> Result<sqlx::query::Query<'static, Any, AnyArguments>, sqlx::Error> {
        if let Some(e) = self.0.failed {
            return Err(sqlx::Error::Encode(e.into()));
        }
        Ok(sqlx::query_with(sqlx::AssertSqlSafe(self.0.text), self.0.arguments).persistent(self.1))
    }

    /// Runs it; returns how many rows it touched.
    pub(crate) async fn execute<'e, E>(self, on: E) -> Result<AnyQueryResult, sqlx::Error>
    where
        E: Executor<'e, Database = Any>,
    {
        self.query()?.execute(on).await
    }

    /// Runs it and returns every row.
    pub(crate) async fn fetch_all<'e, E>(self, on: E) -> Result<Vec<AnyRow>, sqlx::Error>
    where
        E: Executor<'e, Database = Any>,
    {
        self.query()?.fetch_all(on).await
    }

    /// Runs it and returns the first row, if any.
    pub(crate) async fn fetch_optional<'e, E>(self, on: E) -> Result<Option<AnyRow>, sqlx::Error>
    where
        E: Executor<'e, Database = Any>,
    {
        self.query()?.fetch_optional(on).await
    }
}

/// Items of a list inside a statement, joined by a separator.
pub(crate) struct Separated<'a> {
    sql: &'a mut Sql,
    separator: &'static str,
    first: bool,
}

impl Separated<'_> {
    /// Appends a placeholder bound to `value`, after the separator if needed.
    pub(crate) fn push_bind<'t, T>(&mut self, value: T) -> &mut Self
    where
        T: Encode<'t, Any> + Type<Any>,
    {
        if !self.first {
            self.sql.push(self.separator);
        }
        self.first = false;
        self.sql.push_bind(value);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_the_order_values_are_bound() {
        let mut q = Sql::new("SELECT * FROM t WHERE a = ");
        q.push_bind(1_i64).push(" AND b IN (");
        let mut list = q.separated(", ");
        list.push_bind("x").push_bind("y");
        q.push(") AND c IN ");
        q.push_values([(2_i64, "z")], |mut b, (n, s)| {
            b.push_bind(n).push_bind(s);
        });
        assert_eq!(q.arguments.len(), 5);
        assert_eq!(
            q.text,
            "SELECT * FROM t WHERE a = ? AND b IN (?, ?) AND c IN VALUES (?, ?)"
        );
        let Built(q, _) = q.build(Backend::Postgres);
        assert_eq!(
            q.text,
            "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3) AND c IN VALUES ($4, $5)"
        );
    }
}
