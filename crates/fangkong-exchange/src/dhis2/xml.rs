//! DHIS2 data value sets as XML (DXF 2), the format DHIS2's documentation
//! leads with:
//! `<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0" dataSet=… period=…
//! orgUnit=…><dataValue dataElement=… value=…/>…</dataValueSet>`. The root's
//! attributes are the envelope (its period, orgUnit and attributeOptionCombo
//! apply to values that lack their own). Read as a stream; every problem names
//! its line.

use std::io::{BufRead, Write};

use fangkong_domain::exchange::dhis2::{DataValue, ValueProblem, ValueSink};
use quick_xml::Reader;
use quick_xml::escape::escape;
use quick_xml::events::{BytesStart, Event};

/// DHIS2's DXF 2 namespace.
pub const NAMESPACE: &str = "http://dhis2.org/schema/dxf/2.0";

/// The envelope's defaults for values that lack their own.
#[derive(Debug, Default)]
struct Defaults {
    period: String,
    org_unit: String,
    aoc: String,
}

/// Reads a data value set from `reader`, handing each value to `sink`.
pub fn read(reader: impl BufRead, sink: &mut impl ValueSink) {
    let mut xml = Reader::from_reader(reader);
    let mut buf = Vec::new();
    // Lines counted from every event's bytes: the line an element starts on is
    // one more than the line feeds before it.
    let mut line: u64 = 1;
    let mut defaults = Defaults::default();
    let mut depth = 0usize;
    let mut saw_root = false;
    loop {
        buf.clear();
        let event = match xml.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(e) => {
                sink.problem(ValueProblem {
                    place: format!("line {line}"),
                    field: "xml",
                    message: e.to_string(),
                });
                return;
            }
        };
        let here = line;
        line += event.iter().filter(|b| **b == b'\n').count() as u64;
        let (element, opens) = match &event {
            Event::Eof => break,
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                continue;
            }
            _ => continue,
        };
        let name = element.local_name();
        let place = format!("line {here}");
        match (depth, name.as_ref()) {
            (0, b"dataValueSet") => {
                saw_root = true;
                for (key, value) in attributes(element, &place, sink) {
                    match key.as_str() {
                        "period" => defaults.period = value.clone(),
                        "orgUnit" => defaults.org_unit = value.clone(),
                        "attributeOptionCombo" => defaults.aoc = value.clone(),
                        _ => {}
                    }
                    if key != "xmlns" && !key.starts_with("xmlns:") {
                        sink.envelope(&key, &value);
                    }
                }
            }
            (0, other) => {
                sink.problem(ValueProblem {
                    place,
                    field: "dataValueSet",
                    message: format!(
                        "the document's root is <{}>, not <dataValueSet>",
                        String::from_utf8_lossy(other)
                    ),
                });
                return;
            }
            (1, b"dataValue") => {
                let attrs = attributes(element, &place, sink);
                if let Some(v) = value_of(&place, attrs, &defaults, sink) {
                    sink.value(place, v);
                }
            }
            (1, other) => sink.problem(ValueProblem {
                place,
                field: "dataValue",
                message: format!(
                    "unexpected element <{}> in a data value set",
                    String::from_utf8_lossy(other)
                ),
            }),
            // Inside a value (DHIS2 writes none): left alone.
            _ => {}
        }
        if opens {
            depth += 1;
        }
    }
    if !saw_root {
        sink.problem(ValueProblem {
            place: "line 1".into(),
            field: "dataValueSet",
            message: "a data value set needs a <dataValueSet> element".into(),
        });
    }
}

/// An element's attributes by local name, unescaped; a malformed one is a problem.
fn attributes(
    element: &BytesStart<'_>,
    place: &str,
    sink: &mut impl ValueSink,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for attr in element.attributes() {
        match attr {
            Ok(a) => {
                let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
                match a.unescape_value() {
                    Ok(v) => out.push((key, v.into_owned())),
                    Err(e) => sink.problem(ValueProblem {
                        place: place.to_string(),
                        field: "xml",
                        message: format!("attribute {key}: {e}"),
                    }),
                }
            }
            Err(e) => sink.problem(ValueProblem {
                place: place.to_string(),
                field: "xml",
                message: e.to_string(),
            }),
        }
    }
    out
}

/// A value from its attributes, the envelope filling what it lacks; `None`
/// (with the problems recorded) when a required attribute is missing.
fn value_of(
    place: &str,
    attrs: Vec<(String, String)>,
    defaults: &Defaults,
    sink: &mut impl ValueSink,
) -> Option<DataValue> {
    let mut v = DataValue {
        period: defaults.period.clone(),
        org_unit: defaults.org_unit.clone(),
        attribute_option_combo: defaults.aoc.clone(),
        ..DataValue::default()
    };
    for (key, value) in attrs {
        match key.as_str() {
            "dataElement" => v.data_element = value,
            "period" => v.period = value,
            "orgUnit" => v.org_unit = value,
            "categoryOptionCombo" => v.category_option_combo = value,
            "attributeOptionCombo" => v.attribute_option_combo = value,
            "value" => v.value = Some(value),
            "storedBy" => v.stored_by = Some(value),
            "comment" => v.comment = Some(value),
            "deleted" => v.deleted = value.eq_ignore_ascii_case("true"),
            _ => {}
        }
    }
    let mut ok = true;
    for (field, text) in [
        ("dataElement", &v.data_element),
        ("period", &v.period),
        ("orgUnit", &v.org_unit),
    ] {
        if text.trim().is_empty() {
            ok = false;
            sink.problem(ValueProblem {
                place: place.to_string(),
                field,
                message: "is required (on the value or the data value set)".into(),
            });
        }
    }
    ok.then_some(v)
}

/// Writes values as a DXF 2 data value set, one value per line, streaming.
pub struct Writer<W: Write> {
    out: W,
    written: usize,
}

impl<W: Write> Writer<W> {
    /// Starts the document with its envelope's attributes, in order.
    pub fn new(mut out: W, envelope: &[(&str, String)]) -> std::io::Result<Writer<W>> {
        write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<dataValueSet xmlns=\"{NAMESPACE}\""
        )?;
        for (key, value) in envelope {
            write!(out, " {key}=\"{}\"", escape(value.as_str()))?;
        }
        writeln!(out, ">")?;
        Ok(Writer { out, written: 0 })
    }

    /// Writes one value.
    pub fn push(&mut self, v: &DataValue) -> std::io::Result<()> {
        write!(self.out, "<dataValue")?;
        let optional = [
            (
                "categoryOptionCombo",
                Some(v.category_option_combo.as_str()),
            ),
            (
                "attributeOptionCombo",
                Some(v.attribute_option_combo.as_str()),
            ),
            ("value", v.value.as_deref()),
            ("storedBy", v.stored_by.as_deref()),
            ("comment", v.comment.as_deref()),
        ];
        let required = [
            ("dataElement", Some(v.data_element.as_str())),
            ("period", Some(v.period.as_str())),
            ("orgUnit", Some(v.org_unit.as_str())),
        ];
        for (key, value) in required.into_iter().chain(optional) {
            if let Some(text) = value.filter(|t| !t.is_empty() || key == "value") {
                write!(self.out, " {key}=\"{}\"", escape(text))?;
            }
        }
        writeln!(self.out, "/>")?;
        self.written += 1;
        Ok(())
    }

    /// Closes the document; returns how many values were written.
    pub fn finish(mut self) -> std::io::Result<usize> {
        writeln!(self.out, "</dataValueSet>")?;
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
    fn dhis2_s_documented_example_reads_with_the_envelope_s_defaults() {
        let c = read_str(
            r#"<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0" dataSet="pBOMPrpg1QX"
  completeDate="2014-02-03" period="201401" orgUnit="DiszpKrYNg8">
  <dataValue dataElement="f7n9E0hX8qk" value="12"/>
  <dataValue dataElement="Ix2HsbDMLea" value="14" period="201402" comment="a &amp; b"></dataValue>
</dataValueSet>"#,
        );
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        assert_eq!(c.values.len(), 2);
        assert_eq!(c.values[0].0, "line 3");
        assert_eq!(c.values[0].1.org_unit, "DiszpKrYNg8");
        assert_eq!(c.values[0].1.period, "201401");
        assert_eq!(c.values[1].0, "line 4");
        assert_eq!(c.values[1].1.period, "201402");
        assert_eq!(c.values[1].1.comment.as_deref(), Some("a & b"));
    }

    #[test]
    fn problems_name_their_line() {
        let c = read_str("<dataValueSet>\n<dataValue value=\"1\"/>\n<foo/>\n</dataValueSet>");
        let got: Vec<(&str, &str)> = c
            .problems
            .iter()
            .map(|p| (p.place.as_str(), p.field))
            .collect();
        assert_eq!(
            got,
            [
                ("line 2", "dataElement"),
                ("line 2", "period"),
                ("line 2", "orgUnit"),
                ("line 3", "dataValue"),
            ]
        );
        let broken = read_str("<dataValueSet>\n\n<dataValue value=\"1/>\n</dataValueSet>");
        assert_eq!(broken.problems[0].field, "xml", "{:?}", broken.problems);
        assert!(broken.problems[0].place.starts_with("line "));
        let other = read_str("<importSummary/>");
        assert_eq!(other.problems[0].field, "dataValueSet");
        let empty = read_str("");
        assert_eq!(empty.problems[0].field, "dataValueSet");
    }

    #[test]
    fn what_is_written_reads_back() {
        let v = DataValue {
            data_element: "FK_NEW_FEVER".into(),
            period: "20200306".into(),
            org_unit: "420102".into(),
            value: Some("0".into()),
            comment: Some("<备注> \"q\" & 'a'".into()),
            stored_by: Some("王芳".into()),
            ..DataValue::default()
        };
        let mut out = Vec::new();
        let mut w = Writer::new(&mut out, &[("dataSet", "FK_DAILY_REPORT".into())]).expect("write");
        w.push(&v).expect("write");
        assert_eq!(w.finish().expect("write"), 1);
        let c = read_str(std::str::from_utf8(&out).expect("utf-8"));
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        assert_eq!(c.values, [("line 3".to_string(), v)]);
    }
}
