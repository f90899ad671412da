//! `/inspections`: the findings of open and unannounced inspections under a
//! unit (what was not in place, what the unit attested and the inspector did
//! not find), the inspector's phone form, and each finding's photo.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use fangkong_domain::UnitCode;
use fangkong_domain::report::Measure;
use serde::Deserialize;

use super::{Nav, page_error, render};
use crate::AppState;
use crate::auth::{Viewer, check_form_csrf};
use crate::error::ApiError;
use crate::href::percent_encode;
use crate::i18n::{Lang, Messages};
use crate::inspections::{
    InspectionBoard, InspectionQuery, InspectionRequest, board, measure_name, record,
};

#[derive(Template)]
#[template(path = "inspections.html")]
struct InspectionsPage {
    m: Messages,
    nav: Option<Nav>,
    switch_query: String,
    b: InspectionBoard,
    recorded: String,
}

impl InspectionsPage {
    fn measures(&self, fields: &[String]) -> String {
        fields
            .iter()
            .filter_map(|f| Measure::from_field(f))
            .map(|m| measure_name(self.m.lang(), m))
            .collect::<Vec<_>>()
            .join(self.m.t("list-separator"))
    }
}

/// The findings page's query.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    /// The unit.
    pub unit: Option<String>,
    /// The first day.
    pub from: Option<String>,
    /// The last day.
    pub to: Option<String>,
    /// An inspection just recorded.
    pub recorded: Option<String>,
    /// The language.
    pub lang: Option<Lang>,
}

/// `GET /inspections`.
pub async fn page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<PageQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let query = InspectionQuery {
        unit: q.unit.clone(),
        from: q.from.clone(),
        to: q.to.clone(),
        lang: q.lang,
    };
    let b = match board(&state, &viewer, &query).await {
        Ok(b) => b,
        Err(e) => return page_error(e),
    };
    let m = lang.messages();
    render(&InspectionsPage {
        switch_query: format!(
            "unit={}&from={}&to={}&lang={}",
            b.unit, b.from, b.to, m.other_code
        ),
        nav: Nav::of(&viewer, lang),
        recorded: q.recorded.unwrap_or_default(),
        m,
        b,
    })
}

#[derive(Template)]
#[template(path = "inspection_form.html")]
struct FormPage {
    m: Messages,
    nav: Option<Nav>,
    switch_query: String,
    csrf: String,
    unit: String,
    unit_name: String,
    today: String,
    inspectors: Vec<(String, String, bool)>,
    measures: Vec<(&'static str, String)>,
}

/// The form's query.
#[derive(Debug, Default, Deserialize)]
pub struct FormQuery {
    /// The unit to inspect.
    pub unit: Option<String>,
    /// The language.
    pub lang: Option<Lang>,
}

/// `GET /inspections/new`: the inspector's phone form.
pub async fn form(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<FormQuery>,
) -> Response {
    let lang = q.lang.unwrap_or_default();
    let m = lang.messages();
    let unit = q.unit.clone().unwrap_or_default();
    let unit_name = {
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        UnitCode::parse(&unit)
            .ok()
            .and_then(|c| tree.index_of(&c))
            .map(|i| tree.unit(i).name.clone())
            .unwrap_or_default()
    };
    // The inspector signed in (the roster's `account`) comes chosen.
    let inspectors = match state.store.inspectors().await {
        Ok(list) => list
            .into_iter()
            .map(|i| {
                let mine = i.account.as_deref() == Some(viewer.name());
                (i.code, i.name, mine)
            })
            .collect(),
        Err(e) => return page_error(e.into()),
    };
    render(&FormPage {
        switch_query: format!("unit={}&lang={}", percent_encode(&unit), m.other_code),
        nav: Nav::of(&viewer, lang),
        csrf: viewer.csrf.clone().unwrap_or_default(),
        today: state.clock.today().to_string(),
        measures: Measure::ALL
            .iter()
            .map(|&x| (x.field(), measure_name(lang, x)))
            .collect(),
        unit,
        unit_name,
        inspectors,
        m,
    })
}

/// `POST /inspections`: the form sent (multipart, with an optional photo;
/// or URL-encoded, without one).
pub async fn submit(State(state): State<AppState>, viewer: Viewer, request: Request) -> Response {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (fields, in_place, photo) = if multipart {
        match Multipart::from_request(request, &()).await {
            Ok(m) => match read_multipart(m).await {
                Ok(read) => read,
                Err(e) => return page_error(e),
            },
            Err(e) => {
                return page_error(ApiError::Invalid {
                    field: "form",
                    message: e.body_text(),
                });
            }
        }
    } else {
        match axum::Form::<Vec<(String, String)>>::from_request(request, &()).await {
            Ok(axum::Form(pairs)) => {
                let in_place = pairs
                    .iter()
                    .filter(|(k, _)| k == "in_place")
                    .map(|(_, v)| v.clone())
                    .collect();
                (
                    pairs.into_iter().filter(|(k, _)| k != "in_place").collect(),
                    in_place,
                    None,
                )
            }
            Err(e) => {
                return page_error(ApiError::Invalid {
                    field: "form",
                    message: e.body_text(),
                });
            }
        }
    };
    submit_fields(state, viewer, fields, in_place, photo).await
}

/// The fields of a multipart form, the measures ticked and the photo.
async fn read_multipart(
    mut multipart: Multipart,
) -> Result<(HashMap<String, String>, Vec<String>, Option<Vec<u8>>), ApiError> {
    let mut fields: HashMap<String, String> = HashMap::new();
    let mut in_place = Vec::new();
    let mut photo: Option<Vec<u8>> = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_string();
                if name == "photo" {
                    let b = field.bytes().await.map_err(|e| ApiError::Invalid {
                        field: "photo",
                        message: e.body_text(),
                    })?;
                    if !b.is_empty() {
                        photo = Some(b.to_vec());
                    }
                    continue;
                }
                let value = field.text().await.map_err(|e| ApiError::Invalid {
                    field: "form",
                    message: e.body_text(),
                })?;
                if name == "in_place" {
                    in_place.push(value);
                } else {
                    fields.insert(name, value);
                }
            }
            Ok(None) => break,
            Err(e) => {
                return Err(ApiError::Invalid {
                    field: "form",
                    message: e.body_text(),
                });
            }
        }
    }
    Ok((fields, in_place, photo))
}

async fn submit_fields(
    state: AppState,
    viewer: Viewer,
    fields: HashMap<String, String>,
    in_place: Vec<String>,
    photo: Option<Vec<u8>>,
) -> Response {
    if let Err(e) = check_form_csrf(&state, &viewer, &fields, "/inspections").await {
        return page_error(e);
    }
    let lang = match fields.get("lang").map(String::as_str) {
        Some("en") => Lang::En,
        _ => Lang::Zh,
    };
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let request = InspectionRequest {
        unit: get("unit"),
        date: Some(get("date")),
        time: Some(get("time")),
        inspector: get("inspector"),
        announced: fields.contains_key("announced"),
        in_place,
        note: get("note"),
        photo_base64: None,
        photo,
    };
    match record(&state, &viewer, &request, lang).await {
        Ok(i) => Redirect::to(&format!(
            "/inspections?unit={}&recorded={}&lang={}",
            percent_encode(&request.unit),
            i.id,
            lang.messages().code
        ))
        .into_response(),
        Err(e) => page_error(e),
    }
}

/// `GET /inspections/{unit}/{id}/photo`: a finding's photo (its EXIF removed
/// when it was kept), for those who read the unit's reports.
pub async fn photo(
    State(state): State<AppState>,
    Path((unit, id)): Path<(String, i64)>,
    Query(q): Query<FormQuery>,
) -> Response {
    let missing = || {
        page_error(ApiError::NotFound(
            crate::i18n::catalogue::text(q.lang.unwrap_or_default(), "inspection-photo-missing")
                .to_string(),
        ))
    };
    let found = match state.store.inspection(id).await {
        Ok(i) => i,
        Err(e) => return page_error(e.into()),
    };
    // The door asked about the unit in the path: the photo must be of it.
    if found.is_none_or(|i| i.unit.as_str() != unit) {
        return missing();
    }
    match state.store.inspection_photo(id).await {
        Ok(Some(p)) => (
            [
                (header::CONTENT_TYPE, p.media_type),
                (header::CACHE_CONTROL, "private, max-age=3600".to_string()),
            ],
            p.bytes,
        )
            .into_response(),
        Ok(None) => missing(),
        Err(e) => page_error(e.into()),
    }
}
