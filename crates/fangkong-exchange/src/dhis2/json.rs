//! DHIS2 data value sets as JSON: `{"dataSet", …, "dataValues": [ … ]}`, the
//! envelope's period, orgUnit and attributeOptionCombo applying to values that
//! lack their own. Read as a stream: each value is handed on as soon as it is
//! parsed, so a season's 1 GB file needs no more memory than one value. Every
//! problem is named by its JSON path.

use std::fmt;
use std::io::{Read, Write};

use fangkong_domain::exchange::dhis2::{DataValue, ValueProblem, ValueSink};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// Reads a data value set from `reader`, handing each value to `sink`.
pub fn read(reader: impl Read, sink: &mut impl ValueSink) {
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut state = Reading {
        sink,
        envelope: Map::new(),
        deferred: Vec::new(),
        saw_values: false,
    };
    let result = DocumentSeed(&mut state)
        .deserialize(&mut de)
        .and_then(|()| de.end());
    match result {
        Err(e) => state.sink.problem(ValueProblem {
            place: format!("line {} column {}", e.line(), e.column()),
            field: "json",
            message: e.to_string(),
        }),
        Ok(()) if !state.saw_values => state.sink.problem(ValueProblem {
            place: "$.dataValues".into(),
            field: "dataValues",
            message: "a data value set needs a dataValues array".into(),
        }),
        Ok(()) => {
            // Values read before the envelope's defaults appeared.
            for (i, obj) in std::mem::take(&mut state.deferred) {
                state.convert(i, &obj);
            }
        }
    }
}

/// What the reader knows as it goes.
struct Reading<'a, S: ValueSink> {
    sink: &'a mut S,
    envelope: Map<String, Value>,
    /// Values lacking a period or org unit while the envelope had none yet.
    deferred: Vec<(usize, Map<String, Value>)>,
    saw_values: bool,
}

impl<S: ValueSink> Reading<'_, S> {
    fn envelope(&self, key: &str) -> String {
        self.envelope
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    }

    fn take(&mut self, i: usize, v: Value) {
        let Value::Object(obj) = v else {
            self.sink.problem(ValueProblem {
                place: format!("$.dataValues[{i}]"),
                field: "dataValue",
                message: "a data value is a JSON object".into(),
            });
            return;
        };
        let needs = |k: &str| !obj.contains_key(k);
        if (needs("period") && !self.envelope.contains_key("period"))
            || (needs("orgUnit") && !self.envelope.contains_key("orgUnit"))
        {
            self.deferred.push((i, obj));
        } else {
            self.convert(i, &obj);
        }
    }

    fn convert(&mut self, i: usize, obj: &Map<String, Value>) {
        let place = format!("$.dataValues[{i}]");
        let (period, org_unit, aoc) = (
            self.envelope("period"),
            self.envelope("orgUnit"),
            self.envelope("attributeOptionCombo"),
        );
        match value_of(obj, &place, &period, &org_unit, &aoc) {
            Ok(v) => self.sink.value(place, v),
            Err(problems) => {
                for p in problems {
                    self.sink.problem(p);
                }
            }
        }
    }
}

/// The whole document: an object whose `dataValues` is streamed.
struct DocumentSeed<'r, 'a, S: ValueSink>(&'r mut Reading<'a, S>);

impl<'de, S: ValueSink> DeserializeSeed<'de> for DocumentSeed<'_, '_, S> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, S: ValueSink> Visitor<'de> for DocumentSeed<'_, '_, S> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a data value set (a JSON object)")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "dataValues" {
                self.0.saw_values = true;
                map.next_value_seed(ValuesSeed(&mut *self.0))?;
            } else {
                let v: Value = map.next_value()?;
                match &v {
                    Value::String(text) => self.0.sink.envelope(&key, text),
                    Value::Bool(_) | Value::Number(_) => self.0.sink.envelope(&key, &v.to_string()),
                    _ => {}
                }
                self.0.envelope.insert(key, v);
            }
        }
        Ok(())
    }
}

/// The `dataValues` array, element by element.
struct ValuesSeed<'r, 'a, S: ValueSink>(&'r mut Reading<'a, S>);

impl<'de, S: ValueSink> DeserializeSeed<'de> for ValuesSeed<'_, '_, S> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, S: ValueSink> Visitor<'de> for ValuesSeed<'_, '_, S> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of data values")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        while let Some(v) = seq.next_element::<Value>()? {
            self.0.take(i, v);
            i += 1;
        }
        Ok(())
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
    /// Starts the document with its envelope's attributes (`dataSet`, the id
    /// schemes, `completeDate`…), in order.
    pub fn new(mut out: W, envelope: &[(&str, String)]) -> std::io::Result<Writer<W>> {
        write!(out, "{{")?;
        for (key, value) in envelope {
            write!(
                out,
                "{}:{},",
                Value::from(*key),
                Value::from(value.as_str())
            )?;
        }
        write!(out, "\"dataValues\":[")?;
        Ok(Writer { out, written: 0 })
    }

    /// Writes one value.
    pub fn push(&mut self, v: &DataValue) -> std::io::Result<()> {
        let mut obj = Map::new();
        obj.insert("dataElement".into(), v.data_element.clone().into());
        obj.insert("period".into(), v.period.clone().into());
        obj.insert("orgUnit".into(), v.org_unit.clone().into());
        if !v.category_option_combo.is_empty() {
            obj.insert(
                "categoryOptionCombo".into(),
                v.category_option_combo.clone().into(),
            );
        }
        if !v.attribute_option_combo.is_empty() {
            obj.insert(
                "attributeOptionCombo".into(),
                v.attribute_option_combo.clone().into(),
            );
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use fangkong_domain::exchange::dhis2::Collected;

    fn read_str(text: &str) -> Collected {
        let mut c = Collected::default();
        read(text.as_bytes(), &mut c);
        c
    }

    #[test]
    fn envelope_defaults_apply_whether_they_come_before_or_after_the_values() {
        for text in [
            r#"{"period":"20200306","orgUnit":"K1","dataValues":[{"dataElement":"FK_NEW_FEVER","value":"1"}]}"#,
            r#"{"dataValues":[{"dataElement":"FK_NEW_FEVER","value":1}],"period":"20200306","orgUnit":"K1"}"#,
        ] {
            let c = read_str(text);
            assert!(c.problems.is_empty(), "{:?}", c.problems);
            assert_eq!(c.values[0].1.period, "20200306");
            assert_eq!(c.values[0].1.org_unit, "K1");
            assert_eq!(c.values[0].1.value.as_deref(), Some("1"));
        }
    }

    #[test]
    fn the_envelope_s_attributes_are_handed_on_in_order() {
        #[derive(Default)]
        struct Keys(Vec<(String, String)>);
        impl ValueSink for Keys {
            fn value(&mut self, _: String, _: DataValue) {}
            fn problem(&mut self, _: ValueProblem) {}
            fn envelope(&mut self, key: &str, value: &str) {
                self.0.push((key.into(), value.into()));
            }
        }
        let mut keys = Keys::default();
        read(
            r#"{"dataSet":"pBOMPrpg1QX","orgUnitIdScheme":"UID","dryRun":true,"attributeCategoryOptions":["x"],"dataValues":[],"completeDate":"2020-03-07"}"#
                .as_bytes(),
            &mut keys,
        );
        let got: Vec<(&str, &str)> = keys
            .0
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("dataSet", "pBOMPrpg1QX"),
                ("orgUnitIdScheme", "UID"),
                ("dryRun", "true"),
                ("completeDate", "2020-03-07")
            ]
        );
    }

    #[test]
    fn what_is_written_reads_back() {
        let v = DataValue {
            data_element: "FK_NEW_FEVER".into(),
            period: "20200306".into(),
            org_unit: "420102".into(),
            value: Some("0".into()),
            comment: Some("备注 \"quoted\"".into()),
            ..DataValue::default()
        };
        let mut out = Vec::new();
        let mut w = Writer::new(&mut out, &[("dataSet", "FK_DAILY_REPORT".into())]).expect("write");
        w.push(&v).expect("write");
        assert_eq!(w.finish().expect("write"), 1);
        let c = read_str(std::str::from_utf8(&out).expect("utf-8"));
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        assert_eq!(c.values, [("$.dataValues[0]".to_string(), v)]);
    }

    #[test]
    fn problems_name_the_json_path_or_the_line_and_column() {
        let c = read_str(
            r#"{"dataValues":[{"dataElement":"X","period":"20200306","orgUnit":"K1"}, 7, {"period":"20200306","orgUnit":"K1","value":["a"]}]}"#,
        );
        let places: Vec<&str> = c.problems.iter().map(|p| p.place.as_str()).collect();
        assert_eq!(
            places,
            [
                "$.dataValues[1]",
                "$.dataValues[2].value",
                "$.dataValues[2].dataElement"
            ]
        );
        let broken = read_str("{\"dataValues\":[{\"dataElement\":\n");
        assert_eq!(broken.problems.len(), 1);
        assert!(
            broken.problems[0].place.starts_with("line 2"),
            "{:?}",
            broken.problems
        );
        let none = read_str(r#"{"dataSet":"x"}"#);
        assert_eq!(none.problems[0].field, "dataValues");
        let not_object = read_str("[1,2]");
        assert_eq!(not_object.problems[0].field, "json");
    }
}
