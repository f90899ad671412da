//! DHIS2 data value sets as JSON: `{"dataSet", …, "dataValues": [ … ]}`, the
//! envelope's period and orgUnit applying to values that lack their own. Every
//! problem is named by its JSON path.

use std::io::Write;

use fangkong_domain::exchange::dhis2::{DATA_SET, DataValue, Place, ValueProblem};
use serde_json::{Map, Value};

/// Reads a data value set; problems name their JSON path.
pub fn read(text: &str) -> Result<Vec<(Place, DataValue)>, Vec<ValueProblem>> {
    let fail = |place: &str, field: &'static str, message: String| {
        vec![ValueProblem {
            place: place.to_string(),
            field,
            message,
        }]
    };
    let doc: Value = serde_json::from_str(text).map_err(|e| {
        fail(
            &format!("line {} column {}", e.line(), e.column()),
            "json",
            e.to_string(),
        )
    })?;
    let Some(root) = doc.as_object() else {
        return Err(fail(
            "$",
            "json",
            "a data value set is a JSON object".into(),
        ));
    };
    let Some(values) = root.get("dataValues").and_then(Value::as_array) else {
        return Err(fail(
            "$.dataValues",
            "dataValues",
            "a data value set needs a dataValues array".into(),
        ));
    };
    let envelope = |key: &str| {
        root.get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let (period, org_unit, aoc) = (
        envelope("period"),
        envelope("orgUnit"),
        envelope("attributeOptionCombo"),
    );
    let mut out = Vec::with_capacity(values.len());
    let mut problems = Vec::new();
    for (i, v) in values.iter().enumerate() {
        let place = format!("$.dataValues[{i}]");
        let Some(obj) = v.as_object() else {
            problems.push(ValueProblem {
                place,
                field: "dataValue",
                message: "a data value is a JSON object".into(),
            });
            continue;
        };
        match value_of(obj, &place, &period, &org_unit, &aoc) {
            Ok(dv) => out.push((place, dv)),
            Err(p) => problems.extend(p),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn value_of(
    obj: &Map<String, Value>,
    place: &str,
    period: &str,
    org_unit: &str,
    aoc: &str,
) -> Result<DataValue, Vec<ValueProblem>> {
    let mut problems = Vec::new();
    // Values are strings in DHIS2; numbers and booleans are accepted as their text.
    let mut text = |key: &'static str| -> Option<String> {
        match obj.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(Value::Bool(b)) => Some(b.to_string()),
            Some(_) => {
                problems.push(ValueProblem {
                    place: format!("{place}.{key}"),
                    field: key,
                    message: "must be a string".into(),
                });
                None
            }
        }
    };
    let data_element = text("dataElement");
    let dv = DataValue {
        period: text("period").unwrap_or_else(|| period.to_string()),
        org_unit: text("orgUnit").unwrap_or_else(|| org_unit.to_string()),
        category_option_combo: text("categoryOptionCombo").unwrap_or_default(),
        attribute_option_combo: text("attributeOptionCombo").unwrap_or_else(|| aoc.to_string()),
        value: text("value"),
        stored_by: text("storedBy"),
        comment: text("comment"),
        deleted: text("deleted").is_some_and(|d| d.eq_ignore_ascii_case("true")),
        data_element: data_element.clone().unwrap_or_default(),
    };
    if data_element.is_none() {
        problems.push(ValueProblem {
            place: format!("{place}.dataElement"),
            field: "dataElement",
            message: "is required".into(),
        });
    }
    for (key, v) in [("period", &dv.period), ("orgUnit", &dv.org_unit)] {
        if v.is_empty() {
            problems.push(ValueProblem {
                place: format!("{place}.{key}"),
                field: if key == "period" { "period" } else { "orgUnit" },
                message: "is required (on the value or the envelope)".into(),
            });
        }
    }
    if problems.is_empty() {
        Ok(dv)
    } else {
        Err(problems)
    }
}

/// Writes values as a data value set, one value per line, streaming.
pub struct Writer<W: Write> {
    out: W,
    written: usize,
}

impl<W: Write> Writer<W> {
    /// Starts the document.
    pub fn new(mut out: W) -> std::io::Result<Writer<W>> {
        write!(
            out,
            "{{\"dataSet\":\"{DATA_SET}\",\"dataSetIdScheme\":\"CODE\",\"dataElementIdScheme\":\"CODE\",\"orgUnitIdScheme\":\"CODE\",\"dataValues\":["
        )?;
        Ok(Writer { out, written: 0 })
    }

    /// Writes one value.
    pub fn push(&mut self, v: &DataValue) -> std::io::Result<()> {
        let mut obj = Map::new();
        obj.insert("dataElement".into(), v.data_element.clone().into());
        obj.insert("period".into(), v.period.clone().into());
        obj.insert("orgUnit".into(), v.org_unit.clone().into());
        if let Some(value) = &v.value {
            obj.insert("value".into(), value.clone().into());
        }
        if let Some(s) = &v.stored_by {
            obj.insert("storedBy".into(), s.clone().into());
        }
        if let Some(c) = &v.comment {
            obj.insert("comment".into(), c.clone().into());
        }
        let sep = if self.written == 0 { "\n" } else { ",\n" };
        write!(self.out, "{sep}{}", Value::Object(obj))?;
        self.written += 1;
        Ok(())
    }

    /// Closes the document; returns how many values were written.
    pub fn finish(mut self) -> std::io::Result<usize> {
        writeln!(self.out, "\n]}}")?;
        self.out.flush()?;
        Ok(self.written)
    }
}
