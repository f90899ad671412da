//! The gate before every door: who is asking (a session, a bearer token, an
//! Open311 `api_key`), then the door's [`Need`] asked of the one access rule
//! (role first, then the unit the door is about), before the handler reads or
//! validates anything. A refusal is a 403 in the door's own format (a page,
//! JSON, an Open311 error) and a line in the audit log.

use std::collections::HashMap;

use axum::body::Body;
use axum::extract::{FromRequestParts, Query, RawPathParams, Request, State};
use axum::http::Uri;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use fangkong_domain::UnitCode;
use fangkong_domain::access::{ActionKind, Denied};
use fangkong_domain::appeals::lifecycle::current_unit;
use jiff::Timestamp;

use crate::AppState;
use crate::auth::{Viewer, identify};
use crate::doors::{Door, Face, Need, Target};
use crate::error::ApiError;
use crate::i18n::{Lang, access as words};
use crate::ops::requests::{AccountKey, Route};
use crate::view::root;

/// The state of one door's gate: the application and the door.
#[derive(Clone)]
pub(crate) struct Gate {
    /// The application.
    pub state: AppState,
    /// The door this gate stands before.
    pub door: Door,
}

/// The middleware: lets the request through to the handler, with its
/// [`Viewer`] in the extensions, only if the door's need is met.
pub(crate) async fn gate(State(gate): State<Gate>, request: Request, next: Next) -> Response {
    let face = Face::of(request.uri().path());
    let lang = Lang::of_request(request.uri(), request.headers(), face);
    let mut response = match pass(&gate, request, face, lang).await {
        Ok(request) => {
            let account = request.extensions().get::<Viewer>().map(|v| v.account.id);
            let mut response = next.run(request).await;
            if let Some(id) = account {
                response.extensions_mut().insert(AccountKey(id));
            }
            response
        }
        Err(answer) => answer,
    };
    // For the request's log line: the route's template, never its path.
    response.extensions_mut().insert(Route(gate.door.path));
    response
}

async fn pass(gate: &Gate, request: Request, face: Face, lang: Lang) -> Result<Request, Response> {
    let state = &gate.state;
    // A server on a replica takes no change at any door, nor a read that
    // writes first: refused before anything is read, whoever asks (the
    // primary's servers take it).
    if state.store.is_replica()
        && crate::replica::needs_primary(
            request.method(),
            request.uri(),
            request.headers(),
            &gate.door,
        )
    {
        let e = ApiError::ReadOnly(words::read_only(lang));
        return Err(answer(face, request.uri(), lang, e));
    }
    let (viewer, request) = match face {
        Face::Open311 => open311_viewer(state, request, lang).await?,
        _ => {
            let (parts, body) = request.into_parts();
            let viewer = identify(&parts, state)
                .await
                .map_err(|e| answer(face, &parts.uri, lang, e))?;
            (viewer, Request::from_parts(parts, body))
        }
    };
    let (mut parts, body) = request.into_parts();
    let (kind, target) = match (gate.door.need, &viewer) {
        (Need::Act(kind, target), _) | (Need::PublicOr(kind, target), Some(_)) => (kind, target),
        // The public, or the public's view: no account to hold to a rule.
        (Need::Public, _) | (Need::PublicOr(..), None) => {
            if let Some(v) = viewer {
                parts.extensions.insert(v);
            }
            return Ok(Request::from_parts(parts, body));
        }
    };
    let Some(viewer) = viewer else {
        return Err(unauthenticated(face, &parts.uri, lang));
    };
    let principal = viewer.principal();
    if let Err(denied) = principal.may_ever(kind) {
        return Err(refuse(state, &viewer, kind, &parts, denied, face, lang).await);
    }
    let decision = {
        let unit = resolve(state, &viewer, target, &mut parts)
            .await
            .map_err(|e| answer(face, &parts.uri, lang, e))?;
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        match unit {
            Some(Resolved::Unit(code)) => match tree.index_of(&code) {
                Some(i) => principal.may(kind.on(i), tree),
                None if code == viewer.account.scope => Err(Denied::ScopeGone(code)),
                None => {
                    let e = ApiError::NotFound(words::no_unit(&code, lang));
                    return Err(answer(face, &parts.uri, lang, e));
                }
            },
            Some(Resolved::Root) => principal.may(kind.on(root(tree)), tree),
            None => Ok(()),
        }
    };
    if let Err(denied) = decision {
        return Err(refuse(state, &viewer, kind, &parts, denied, face, lang).await);
    }
    parts.extensions.insert(viewer);
    Ok(Request::from_parts(parts, body))
}

/// The unit a door's action is about.
enum Resolved {
    /// A unit by its code.
    Unit(UnitCode),
    /// The root of the tree (where unrouted appeals wait).
    Root,
}

/// Finds the unit `target` names; `None` for a body the handler checks.
async fn resolve(
    state: &AppState,
    viewer: &Viewer,
    target: Target,
    parts: &mut Parts,
) -> Result<Option<Resolved>, ApiError> {
    let scope = || Ok(Some(Resolved::Unit(viewer.account.scope.clone())));
    let code = |field: &'static str, text: &str| {
        UnitCode::parse(text)
            .map(|c| Some(Resolved::Unit(c)))
            .map_err(|e| ApiError::Invalid {
                field,
                message: e.to_string(),
            })
    };
    match target {
        Target::Body => Ok(None),
        Target::Scope => scope(),
        Target::Root => Ok(Some(Resolved::Root)),
        Target::PathUnit(name) => code(name, &path_param(parts, name).await?),
        Target::QueryUnit(name) => {
            let query =
                Query::<HashMap<String, String>>::try_from_uri(&parts.uri).map_err(|e| {
                    ApiError::Invalid {
                        field: "query",
                        message: e.body_text(),
                    }
                })?;
            match query.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
                Some(text) => code(name, text),
                None => scope(),
            }
        }
        Target::Appeal(name) => {
            let text = path_param(parts, name).await?;
            // Open311 names a request `{id}.json` or `{id}.xml`.
            let reference = text
                .strip_suffix(".json")
                .or_else(|| text.strip_suffix(".xml"))
                .unwrap_or(&text);
            let appeal = state
                .store
                .appeal(reference)
                .await?
                .ok_or_else(|| ApiError::NotFound(format!("no appeal {reference}")))?;
            Ok(Some(
                match current_unit(&appeal.changes, appeal.unit.as_ref()) {
                    Some(c) => Resolved::Unit(c.clone()),
                    None => Resolved::Root,
                },
            ))
        }
        Target::Person(name) => {
            let reference = path_param(parts, name).await?;
            let person = state
                .store
                .person(&reference)
                .await?
                .ok_or_else(|| ApiError::NotFound(format!("no person {reference}")))?;
            Ok(Some(Resolved::Unit(person.unit)))
        }
        Target::Dispute(name) => {
            let reference = path_param(parts, name).await?;
            let dispute = state
                .store
                .dispute(&reference)
                .await?
                .ok_or_else(|| ApiError::NotFound(format!("no dispute {reference}")))?;
            Ok(Some(Resolved::Unit(dispute.unit)))
        }
    }
}

async fn path_param(parts: &mut Parts, name: &'static str) -> Result<String, ApiError> {
    let params = RawPathParams::from_request_parts(parts, &())
        .await
        .map_err(|e| ApiError::Invalid {
            field: name,
            message: e.body_text(),
        })?;
    params
        .iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .ok_or_else(|| ApiError::Internal(format!("the door has no path parameter {name}")))
}

/// Open311 clients sign with `api_key`, in the query or (POST) the form body,
/// as GeoReport v2 has it; a bearer token works too.
async fn open311_viewer(
    state: &AppState,
    request: Request,
    lang: Lang,
) -> Result<(Option<Viewer>, Request), Response> {
    let (parts, body) = request.into_parts();
    let uri = parts.uri.clone();
    let bad = |e: ApiError| answer(Face::Open311, &uri, lang, e);
    let mut key = Query::<HashMap<String, String>>::try_from_uri(&parts.uri)
        .ok()
        .and_then(|q| q.0.get("api_key").cloned());
    let form = parts
        .headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.starts_with("application/x-www-form-urlencoded")
                || v.starts_with("multipart/form-data")
        });
    let request = if form {
        let bytes = axum::body::to_bytes(body, OPEN311_BODY_BYTES)
            .await
            .map_err(|_| {
                bad(ApiError::TooLarge(words::body_too_large(
                    OPEN311_BODY_BYTES,
                    lang,
                )))
            })?;
        if let Ok(Some(fields)) = crate::open311::form_fields(&parts, bytes.clone()).await
            && let Some(k) = fields.get("api_key")
        {
            key = Some(k.clone());
        }
        Request::from_parts(parts, Body::from(bytes))
    } else {
        Request::from_parts(parts, body)
    };
    let key = key.map(|k| k.trim().to_string()).filter(|k| !k.is_empty());
    let viewer = match key {
        Some(key) => match state.store.token_account(&key, Timestamp::now()).await {
            Ok(Some(account)) => Some(Viewer {
                account,
                csrf: None,
            }),
            Ok(None) => {
                return Err(bad(ApiError::Unauthenticated(words::bad_api_key(lang))));
            }
            Err(e) => return Err(bad(e.into())),
        },
        None => {
            let (p, b) = request.into_parts();
            let viewer = identify(&p, state).await.map_err(bad)?;
            return Ok((viewer, Request::from_parts(p, b)));
        }
    };
    Ok((viewer, request))
}

/// The largest Open311 form read for its `api_key` (a description is at
/// most 4,000 characters; a multipart body may carry a small media part).
const OPEN311_BODY_BYTES: usize = 256 * 1024;

/// Audits a refusal and answers it with a 403 in the door's format.
async fn refuse(
    state: &AppState,
    viewer: &Viewer,
    kind: ActionKind,
    parts: &Parts,
    denied: Denied,
    face: Face,
    lang: Lang,
) -> Response {
    let target = format!("{} {}", parts.method, parts.uri.path());
    let _ = crate::auth::refuse(state, viewer, kind.name(), &target, denied.clone()).await;
    answer(
        face,
        &parts.uri,
        lang,
        ApiError::Forbidden(words::denied(&denied, lang)),
    )
}

/// No account: pages go to the login and back; the API says 401; Open311
/// asks for its `api_key` with a 403, as its clients expect.
fn unauthenticated(face: Face, uri: &Uri, lang: Lang) -> Response {
    match face {
        Face::Page => {
            let back = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
            Redirect::to(&format!(
                "/login?next={}",
                crate::href::percent_encode(back)
            ))
            .into_response()
        }
        Face::Api => ApiError::Unauthenticated(words::sign_in(lang)).into_response(),
        Face::Dhis2 => {
            crate::dhis2::message::error(ApiError::Unauthenticated(words::sign_in(lang)))
        }
        Face::Open311 => answer(
            face,
            uri,
            lang,
            ApiError::Forbidden(words::api_key_required(lang)),
        ),
    }
}

/// An error in the format of the door it happened at.
pub fn answer(face: Face, uri: &Uri, lang: Lang, e: ApiError) -> Response {
    match face {
        Face::Api => e.into_response(),
        Face::Dhis2 => crate::dhis2::message::error(e),
        Face::Page => match e {
            ApiError::Unauthenticated(_) => unauthenticated(face, uri, lang),
            other => crate::pages::page_error(other),
        },
        // GeoReport v2: a missing or invalid api_key is a 403.
        Face::Open311 => crate::open311::error_for(
            uri.path(),
            match e {
                ApiError::Unauthenticated(m) => ApiError::Forbidden(m),
                other => other,
            },
        )
        .into_response(),
    }
}
