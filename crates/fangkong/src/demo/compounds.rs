//! Synthetic residential compounds under Wuhan's real urban communities.
//!
//! The national division data stops at community level; Wuhan certified about
//! 7,100 compounds in spring 2020. Each community gets Binomial(12, 0.4) compounds
//! (0 to 12, mean 4.8, so ~7,000 in all), each with a population drawn log-uniformly
//! between 300 and 2,700 residents. Every one is named `…（合成）` ("synthetic") and
//! coded `<community code>-NN`, so no one mistakes it for a real place.

use fangkong_domain::unit::{UnitRecord, UnitTree};
use fangkong_domain::{UnitCode, UnitKind};

use super::rng::SplitMix64;

/// Compounds for every community of `tree`.
pub fn generate(tree: &UnitTree, seed: u64) -> Vec<UnitRecord> {
    let mut rng = SplitMix64::stream(seed, 1);
    let mut out = Vec::new();
    for i in tree.preorder() {
        let community = tree.unit(i);
        if community.kind != UnitKind::Community {
            continue;
        }
        let n = (0..12).filter(|_| rng.chance(0.4)).count();
        for k in 1..=n {
            let Ok(code) = UnitCode::parse(&format!("{}-{k:02}", community.code)) else {
                continue;
            };
            out.push(UnitRecord {
                code,
                name: format!("{}{k}号小区（合成）", community.name),
                kind: UnitKind::Compound,
                parent: Some(community.code.clone()),
                population: Some(rng.log_uniform(300.0, 2700.0).round() as u32),
                from_address_list: false,
            });
        }
    }
    out
}
