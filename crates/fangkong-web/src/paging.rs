//! Long tables a page at a time: which rows a page shows and where the links
//! to the pages before and after it go. The whole table, as filtered, is
//! what a download holds.

use serde::Serialize;

/// Rows a page shows unless a table says otherwise.
pub const ROWS: usize = 50;

/// One page of a table of `total` rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paging {
    /// This page, from 1.
    pub number: usize,
    /// How many pages there are (at least 1).
    pub pages: usize,
    /// Rows in the whole table.
    pub total: usize,
    /// The first row of the page (0-based, inclusive).
    pub from: usize,
    /// The row after the page's last (exclusive).
    pub to: usize,
}

impl Paging {
    /// Page `asked` (1-based; out of range is the nearest page) of `total`
    /// rows at `size` a page.
    pub fn of(total: usize, asked: Option<usize>, size: usize) -> Paging {
        let size = size.max(1);
        let pages = total.div_ceil(size).max(1);
        let number = asked.unwrap_or(1).clamp(1, pages);
        let from = (number - 1) * size;
        Paging {
            number,
            pages,
            total,
            from,
            to: (from + size).min(total),
        }
    }

    /// This page's rows of `rows` (the whole table).
    pub fn slice<'a, T>(&self, rows: &'a [T]) -> &'a [T] {
        rows.get(self.from..self.to).unwrap_or_default()
    }

    /// The page before, if any.
    pub fn before(&self) -> Option<usize> {
        (self.number > 1).then(|| self.number - 1)
    }

    /// The page after, if any.
    pub fn after(&self) -> Option<usize> {
        (self.number < self.pages).then(|| self.number + 1)
    }
}

/// The page number in a query (`page=3`); anything else is the first page.
pub fn asked(page: Option<&str>) -> Option<usize> {
    page.and_then(|p| p.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_last_page_holds_the_rest_and_out_of_range_is_the_nearest() {
        let p = Paging::of(120, Some(3), 50);
        assert_eq!((p.number, p.pages, p.from, p.to), (3, 3, 100, 120));
        assert_eq!((p.before(), p.after()), (Some(2), None));
        assert_eq!(Paging::of(120, Some(9), 50).number, 3);
        assert_eq!(Paging::of(120, Some(0), 50).number, 1);
        let empty = Paging::of(0, None, 50);
        assert_eq!((empty.pages, empty.from, empty.to), (1, 0, 0));
        assert!(empty.slice::<u8>(&[]).is_empty());
        assert_eq!(asked(Some("2")), Some(2));
        assert_eq!(asked(Some("x")), None);
    }

    proptest! {
        /// The pages, walked in order, hold every row once.
        #[test]
        fn the_pages_hold_every_row_once(total in 0usize..500, size in 1usize..80) {
            let rows: Vec<usize> = (0..total).collect();
            let first = Paging::of(total, None, size);
            let mut seen = Vec::new();
            for n in 1..=first.pages {
                let p = Paging::of(total, Some(n), size);
                prop_assert!(p.slice(&rows).len() <= size);
                seen.extend_from_slice(p.slice(&rows));
            }
            prop_assert_eq!(seen, rows);
        }
    }
}
