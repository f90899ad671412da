//! `GET /api/dataValueSets` (and `.json`, `.xml`, `.csv`): the latest reports
//! of the org units asked for (and, with `children=true`, of every unit under
//! them) for the periods asked for, as a DHIS2 data value set in the id
//! scheme asked for (UID by default, as in DHIS2). The format is the path's
//! extension, else the `Accept` header, else JSON.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, Uri, header};
use axum::response::{IntoResponse, Response};
use fangkong_domain::access::ActionKind;
use fangkong_domain::exchange::dhis2::{day_of, to_values};
use fangkong_domain::exchange::dhis2_ids::{Directory, IdScheme, Schemes, Unresolved};
use fangkong_domain::{Day, UnitCode};
use fangkong_exchange::dhis2::{Format, csv, json, xml};

use super::message::error;
use crate::AppState;
use crate::auth::{Caller, authorize_units};
use crate::error::ApiError;

/// The most data values one answer carries; a larger export is asked for in
/// parts (fewer days or units), or made with `fangkong dhis2 export`.
const MOST_VALUES: usize = 500_000;

/// `GET /api/dataValueSets[.json|.xml|.csv]`.
pub async fn get_data_value_sets(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    uri: Uri,
    Query(params): Query<Vec<(String, String)>>,
    headers: HeaderMap,
) -> Response {
    let format = format_of(&uri, &headers);
    match export(&state, &viewer, &params, format).await {
        Ok(body) => ([(header::CONTENT_TYPE, format.media_type())], body).into_response(),
        Err(e) => error(e),
    }
}

/// The format asked for: the extension, else `Accept`, else JSON.
fn format_of(uri: &Uri, headers: &HeaderMap) -> Format {
    if let Some(f) = uri
        .path()
        .rsplit_once('.')
        .and_then(|(_, ext)| Format::of_extension(ext))
    {
        return f;
    }
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .and_then(|accept| accept.split(',').find_map(Format::of_media_type))
        .unwrap_or(Format::Json)
}

fn invalid(field: &'static str, message: String) -> ApiError {
    ApiError::Invalid { field, message }
}

async fn export(
    state: &AppState,
    viewer: &crate::auth::Viewer,
    params: &[(String, String)],
    format: Format,
) -> Result<Vec<u8>, ApiError> {
    let all = |key: &str| -> Vec<&str> {
        params
            .iter()
            .filter(|(k, _)| k == key)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    };
    let one = |key: &str| all(key).first().map(|s| s.to_string());
    let schemes = Schemes::from_params(
        Schemes::all(IdScheme::Uid),
        params.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    )
    .map_err(|(_, m)| invalid("idScheme", m))?;
    let input = match one("inputOrgUnitIdScheme").or_else(|| one("inputIdScheme")) {
        None => IdScheme::UidOrCode,
        Some(text) => IdScheme::parse(&text).map_err(|m| invalid("inputOrgUnitIdScheme", m))?,
    };
    let directory = {
        let loaded = state.engine.read().await;
        Directory::new(&loaded.units.history)
    };
    let data_sets = all("dataSet");
    if data_sets.is_empty() {
        return Err(invalid(
            "dataSet",
            "at least one data set must be given".into(),
        ));
    }
    for ds in &data_sets {
        let known = [IdScheme::UidOrCode, IdScheme::Name]
            .iter()
            .any(|s| directory.is_daily_report(*s, ds));
        if !known {
            return Err(ApiError::Conflict {
                field: "dataSet",
                message: format!(
                    "unknown data set '{ds}': fangkong has one, the daily report ({} / {})",
                    directory.data_set_id(IdScheme::Uid),
                    directory.data_set_id(IdScheme::Code)
                ),
            });
        }
    }
    let days = days_asked(&all("period"), one("startDate"), one("endDate"))?;
    let org_units = all("orgUnit");
    if org_units.is_empty() {
        return Err(invalid(
            "orgUnit",
            "at least one org unit must be given".into(),
        ));
    }
    let mut roots = Vec::new();
    for id in &org_units {
        match directory.unit_code(input, id) {
            Ok(code) => roots.push(code),
            Err(why) => {
                return Err(ApiError::Conflict {
                    field: "orgUnit",
                    message: match why {
                        Unresolved::Unknown => format!("unknown org unit '{id}'"),
                        Unresolved::Ambiguous => format!("the org unit '{id}' is ambiguous"),
                    },
                });
            }
        }
    }
    // The access rule, for every org unit asked for, before anything is read.
    authorize_units(
        state,
        viewer,
        ActionKind::ReadReports,
        roots.iter().map(String::as_str),
    )
    .await?;
    let children = one("children").is_some_and(|c| c.eq_ignore_ascii_case("true"));
    let limit: Option<usize> = match one("limit") {
        None => None,
        Some(text) => Some(
            text.parse()
                .map_err(|_| invalid("limit", format!("'{text}' is not a whole number from 0")))?,
        ),
    };
    let (Some(from), Some(to)) = (days.iter().min().copied(), days.iter().max().copied()) else {
        return Err(invalid(
            "period",
            "give a period or startDate and endDate".into(),
        ));
    };
    // The units asked for (with `children`, all under them), then only their reports.
    let ids: Vec<i64> = {
        let loaded = state.engine.read().await;
        let tree = loaded.engine.tree();
        let mut indexes: Vec<_> = roots
            .iter()
            .filter_map(|c| UnitCode::parse(c).ok())
            .filter_map(|c| tree.index_of(&c))
            .flat_map(|root| {
                if children {
                    tree.subtree(root)
                } else {
                    vec![root]
                }
            })
            .collect();
        indexes.sort_unstable();
        indexes.dedup();
        indexes
            .into_iter()
            .filter_map(|i| loaded.units.ids.get(&tree.unit(i).code).copied())
            .collect()
    };
    let mut reports: Vec<_> = state
        .store
        .latest_reports_of(&ids, from, to)
        .await?
        .into_iter()
        .map(|(_, r)| r.report)
        .filter(|r| days.contains(&r.day))
        .collect();
    reports.sort_by(|a, b| (a.day, &a.unit).cmp(&(b.day, &b.unit)));
    if reports.len() * 10 > MOST_VALUES {
        return Err(ApiError::Conflict {
            field: "period",
            message: format!(
                "{} values asked for; one answer carries at most {MOST_VALUES}: ask for fewer days or units, or use `fangkong dhis2 export`",
                reports.len() * 10
            ),
        });
    }
    let envelope = [
        ("dataSet", directory.data_set_id(schemes.data_set)),
        ("dataSetIdScheme", schemes.data_set.name().to_string()),
        (
            "dataElementIdScheme",
            schemes.data_element.name().to_string(),
        ),
        ("orgUnitIdScheme", schemes.org_unit.name().to_string()),
    ];
    let values = reports
        .iter()
        .flat_map(to_values)
        .map(|v| directory.write(schemes, v))
        .take(limit.unwrap_or(usize::MAX));
    write(format, &envelope, values).map_err(|e| ApiError::Internal(e.to_string()))
}

/// The days a request asks for: its periods (daily, `yyyyMMdd`), or the days
/// from `startDate` to `endDate`.
fn days_asked(
    periods: &[&str],
    start: Option<String>,
    end: Option<String>,
) -> Result<Vec<Day>, ApiError> {
    if !periods.is_empty() {
        return periods
            .iter()
            .map(|p| {
                day_of(p).ok_or_else(|| {
                    invalid(
                        "period",
                        format!("'{p}' is not a daily period yyyyMMdd (reports are daily)"),
                    )
                })
            })
            .collect();
    }
    let (Some(start), Some(end)) = (start, end) else {
        return Err(invalid(
            "period",
            "give a period, or startDate and endDate".into(),
        ));
    };
    let parse = |field: &'static str, text: &str| {
        // DHIS2 takes dates, and date-times whose date is what counts.
        Day::parse(text.get(..10).unwrap_or(text))
            .map_err(|e| invalid(field, format!("'{text}': {e}")))
    };
    let (from, to) = (parse("startDate", &start)?, parse("endDate", &end)?);
    if to < from {
        return Err(invalid("endDate", "endDate is before startDate".into()));
    }
    let mut days = Vec::new();
    let mut day = from;
    while day <= to {
        days.push(day);
        if days.len() > 366 {
            return Err(invalid(
                "endDate",
                "at most 366 days are asked for at once".into(),
            ));
        }
        match day.next() {
            Some(next) => day = next,
            None => break,
        }
    }
    Ok(days)
}

/// Writes the values in `format`.
fn write(
    format: Format,
    envelope: &[(&str, String)],
    values: impl Iterator<Item = fangkong_domain::exchange::dhis2::DataValue>,
) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    match format {
        Format::Json => {
            let mut w = json::Writer::new(&mut out, envelope)?;
            for v in values {
                w.push(&v)?;
            }
            w.finish()?;
        }
        Format::Xml => {
            let mut w = xml::Writer::new(&mut out, envelope)?;
            for v in values {
                w.push(&v)?;
            }
            w.finish()?;
        }
        Format::Csv => {
            let mut w = csv::Writer::new(&mut out).map_err(std::io::Error::other)?;
            for v in values {
                w.push(&v).map_err(std::io::Error::other)?;
            }
            w.finish()?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_the_extension_then_accept_then_json() {
        let h = |accept: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT, accept.parse().expect("header"));
            h
        };
        let uri = |p: &str| p.parse::<Uri>().expect("uri");
        assert_eq!(
            format_of(&uri("/api/dataValueSets.csv"), &h("application/json")),
            Format::Csv
        );
        assert_eq!(
            format_of(&uri("/api/dataValueSets"), &h("application/xml")),
            Format::Xml
        );
        assert_eq!(
            format_of(&uri("/api/dataValueSets"), &h("*/*")),
            Format::Json
        );
        assert_eq!(
            format_of(&uri("/api/dataValueSets"), &HeaderMap::new()),
            Format::Json
        );
    }

    #[test]
    fn days_come_from_periods_or_a_range() {
        let d = days_asked(&["20200306", "20200308"], None, None).expect("periods");
        assert_eq!(d.len(), 2);
        let r = days_asked(
            &[],
            Some("2020-03-01".into()),
            Some("2020-03-03T00:00:00".into()),
        )
        .expect("range");
        assert_eq!(r.len(), 3);
        assert!(days_asked(&["202003"], None, None).is_err());
        assert!(days_asked(&[], Some("2020-03-03".into()), Some("2020-03-01".into())).is_err());
        assert!(days_asked(&[], None, None).is_err());
        assert!(days_asked(&[], Some("2020-01-01".into()), Some("2021-06-01".into())).is_err());
    }
}
