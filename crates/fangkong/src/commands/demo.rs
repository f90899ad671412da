//! `fangkong demo`: builds the Wuhan demo database.

use fangkong_store::Location;

use crate::cli::DemoArgs;

/// Builds the demo into `db`, refusing to touch a database that holds data unless
/// `--force` is given.
pub async fn run(db: &Location, args: &DemoArgs) -> anyhow::Result<()> {
    crate::demo::build(db, args.seed, args.force).await
}
