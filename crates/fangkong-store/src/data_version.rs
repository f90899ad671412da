//! The version of everything the pages derive from but the reports: a number
//! every write to the registry, appeals, alerts, facilities, disputes, the
//! published series or the tree moves inside its own transaction (triggers in
//! both backends' migrations), whichever process or command writes. A server
//! keeps a derived page under the number it read before deriving it, and
//! derives again once the number has moved.

use crate::{Store, StoreError};

/// The table that holds the number: left out of copies between stores.
pub(crate) const TABLE: &str = "data_version";

impl Store {
    /// The current version (one indexed read of one row).
    pub async fn data_version(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT n FROM data_version")
            .fetch_one(self.pool())
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use crate::Store;

    #[tokio::test]
    async fn a_write_outside_the_reports_moves_the_version_and_a_read_does_not() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&dir.path().join("v.db")).await.expect("store");
        let start = store.data_version().await.expect("version");
        store.units().await.expect("a read");
        assert_eq!(store.data_version().await.expect("version"), start);
        store
            .set_setting("clock_day", "2020-03-01", jiff::Timestamp::now(), None)
            .await
            .expect("a setting is not derived from");
        assert_eq!(store.data_version().await.expect("version"), start);
        let record = fangkong_domain::UnitRecord {
            code: fangkong_domain::UnitCode::parse("K1").expect("code"),
            name: "一号小区".into(),
            kind: fangkong_domain::UnitKind::Compound,
            parent: None,
            population: None,
            from_address_list: false,
        };
        let version = fangkong_domain::unit::UnitVersion::first(&record, None);
        store
            .add_units(
                &[(record.code.clone(), version)],
                jiff::Timestamp::now(),
                "t",
            )
            .await
            .expect("units");
        assert!(store.data_version().await.expect("version") > start);
    }
}
