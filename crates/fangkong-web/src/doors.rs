//! What a door is: a route, its method, and what it asks of the one access
//! rule ([`Need`], [`Target`]) before anything is read or validated, and the
//! face it answers with. The table of every door is [`crate::routes`].

use axum::http::Method;
use fangkong_domain::access::ActionKind;

/// What a door asks before its handler runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Anyone, signed in or not: the login, the public page, the OpenAPI
    /// document, Open311's discovery and service list. Nothing personal.
    Public,
    /// A signed-in account allowed this kind of action on the target.
    Act(ActionKind, Target),
    /// Anyone without an account, who gets the public view (Open311's
    /// requests, masked, as its clients expect); an account that signs in is
    /// held to the action on the target like [`Need::Act`], and sees what
    /// its role and scope give it.
    PublicOr(ActionKind, Target),
}

/// Which unit a door's action is about, found before the handler runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The account's own scope: lists filtered to it, one's own work.
    Scope,
    /// The root of the tree: what spans the whole city (the audit log).
    Root,
    /// The unit named by this path parameter.
    PathUnit(&'static str),
    /// The unit named by this query parameter (the account's scope without it).
    QueryUnit(&'static str),
    /// The unit an appeal is with, the appeal named by this path parameter
    /// (Open311's `{id}.json` too); an unrouted appeal waits at the root.
    Appeal(&'static str),
    /// The unit a person of the registry lives in, named by this path parameter.
    Person(&'static str),
    /// The unit of a dispute named by this path parameter.
    Dispute(&'static str),
    /// Units named inside the body: the gate checks the role, and the handler
    /// checks every unit the body names with the same rule before validating
    /// anything else ([`crate::auth::authorize_units`]).
    Body,
}

/// Where a door stands, which decides how it answers (a page, JSON, Open311).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    /// An HTML page for a person.
    Page,
    /// The JSON API under `/api/v1`.
    Api,
    /// Open311 GeoReport v2 under `/open311/v2`.
    Open311,
    /// DHIS2's own paths under `/api` (other than `/api/v1`).
    Dhis2,
}

impl Face {
    /// The face of a request path.
    pub fn of(path: &str) -> Face {
        if path == "/api/v1" || path.starts_with("/api/v1/") {
            Face::Api
        } else if path.starts_with("/open311/") {
            Face::Open311
        } else if path.starts_with("/api/") {
            Face::Dhis2
        } else {
            Face::Page
        }
    }
}

/// One route and its rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Door {
    /// The HTTP method.
    pub method: Method,
    /// The route, with `{parameters}`.
    pub path: &'static str,
    /// What it asks of the access rule.
    pub need: Need,
}
