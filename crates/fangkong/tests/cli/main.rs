//! Integration tests of the `fangkong` binary: each test runs the real executable on
//! a fresh database in its own temporary folder. One test binary for the crate, so
//! the costly link happens once.

mod accounts;
mod appeals;
mod backup;
mod browser;
mod certification;
mod corrections;
mod demo;
mod disputes;
mod excel;
mod inspections;
mod limits;
mod processes;
mod published;
mod registry;
mod reports;
mod roster;
mod rota;
mod support;
mod truth;
mod units;
mod webdriver;
mod zones;
