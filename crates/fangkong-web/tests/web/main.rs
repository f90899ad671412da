//! HTTP tests of the web surface: the real application (`app(state)`) on a real
//! SQLite database, requests sent in-process with `oneshot`.

mod access;
mod appeals;
mod attack;
mod crawl;
mod dhis2;
mod fuzz;
mod inspections;
mod limits;
mod open311;
mod pages;
mod registry;
mod replica;
mod reports;
mod roster;
mod rt;
mod support;
mod telemetry;
mod truth;
mod zones;
