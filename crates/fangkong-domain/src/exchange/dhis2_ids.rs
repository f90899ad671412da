//! DHIS2's identifier schemes over fangkong's units, data elements and data
//! set: a stable 11-character DHIS2-style UID for each, its code and its name,
//! and the translation of a data value's identifiers to codes (reading) or
//! from codes (writing) in whichever scheme the other side declares.
//!
//! A UID is derived from the object's kind and code (a 128-bit FNV-1a hash
//! written in DHIS2's alphabet: a letter, then ten letters or digits), so it is
//! the same on every installation and across restarts without being stored.
//! Two codes whose UIDs collide (odds about 1 in 10^17 per pair) are both
//! refused by UID rather than one read as the other.

use std::collections::HashMap;

use super::dhis2::{DATA_SET, DataValue, Place, ValueProblem, ValueSink, elements};
use crate::unit::UnitHistory;

/// How a data value names its data set, data elements and org units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdScheme {
    /// DHIS2's 11-character UID.
    Uid,
    /// The object's code (fangkong's unit code, `FK_…` element codes).
    Code,
    /// The object's name (refused where two objects share it).
    Name,
    /// Nothing declared: a UID or a code, whichever the identifier is (a
    /// fangkong unit code never has a UID's shape, so neither is mistaken for
    /// the other). DHIS2's own default is UID; fangkong's files have always
    /// used codes, and both keep working.
    UidOrCode,
}

impl IdScheme {
    /// Reads a scheme as DHIS2 writes it (`UID`, `uid`, `ID`, `CODE`, `NAME`);
    /// `attribute:…` and anything else is refused with what is offered.
    pub fn parse(text: &str) -> Result<IdScheme, String> {
        match text.trim().to_ascii_uppercase().as_str() {
            "UID" | "ID" => Ok(IdScheme::Uid),
            "CODE" => Ok(IdScheme::Code),
            "NAME" => Ok(IdScheme::Name),
            _ => Err(format!(
                "the id scheme '{}' is not supported: use UID, CODE or NAME",
                text.trim()
            )),
        }
    }

    /// The scheme's name as DHIS2 writes it.
    pub fn name(self) -> &'static str {
        match self {
            IdScheme::Uid => "UID",
            IdScheme::UidOrCode => "UID or CODE",
            IdScheme::Code => "CODE",
            IdScheme::Name => "NAME",
        }
    }
}

/// The schemes a data value set is read or written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schemes {
    /// The data set's identifier.
    pub data_set: IdScheme,
    /// The data elements' identifiers.
    pub data_element: IdScheme,
    /// The org units' identifiers.
    pub org_unit: IdScheme,
}

/// The id scheme parameters DHIS2 knows, general first.
pub const SCHEME_KEYS: [&str; 4] = [
    "idScheme",
    "dataSetIdScheme",
    "dataElementIdScheme",
    "orgUnitIdScheme",
];

impl Schemes {
    /// Every identifier as `scheme`.
    pub fn all(scheme: IdScheme) -> Schemes {
        Schemes {
            data_set: scheme,
            data_element: scheme,
            org_unit: scheme,
        }
    }

    /// Sets one of [`SCHEME_KEYS`]: a specific scheme takes precedence over
    /// the general `idScheme` whichever comes first, as in DHIS2.
    fn set(&mut self, key: &str, scheme: IdScheme, specific: &mut [bool; 3]) {
        let slots = [
            &mut self.data_set,
            &mut self.data_element,
            &mut self.org_unit,
        ];
        match key {
            "idScheme" => {
                for (slot, is_specific) in slots.into_iter().zip(specific.iter()) {
                    if !is_specific {
                        *slot = scheme;
                    }
                }
            }
            _ => {
                let k = SCHEME_KEYS[1..].iter().position(|s| *s == key);
                if let Some(k) = k {
                    *slots.into_iter().nth(k).expect("three slots") = scheme;
                    specific[k] = true;
                }
            }
        }
    }

    /// The schemes a set of parameters declares (query parameters, or a
    /// document's envelope); `Err` names the key of a scheme not supported.
    pub fn from_params<'a>(
        base: Schemes,
        params: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Schemes, (String, String)> {
        let mut out = base;
        let mut specific = [false; 3];
        let mut general = None;
        for (key, value) in params {
            if !SCHEME_KEYS.contains(&key) {
                continue;
            }
            let scheme = IdScheme::parse(value).map_err(|m| (key.to_string(), m))?;
            if key == "idScheme" {
                general = Some(scheme);
            } else {
                out.set(key, scheme, &mut specific);
            }
        }
        if let Some(g) = general {
            out.set("idScheme", g, &mut specific);
        }
        Ok(out)
    }
}

impl Default for Schemes {
    fn default() -> Schemes {
        Schemes::all(IdScheme::UidOrCode)
    }
}

/// DHIS2's UID alphabet: a UID starts with a letter, then letters and digits.
const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ALPHANUMERIC: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// The stable UID of an object of `kind` (`organisationUnit`, `dataElement`,
/// `dataSet`) with `code`.
pub fn uid_of(kind: &str, code: &str) -> String {
    // FNV-1a over 128 bits: fixed forever (the UIDs are what other systems store).
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut h = OFFSET;
    for b in kind.bytes().chain([b':']).chain(code.bytes()) {
        h ^= u128::from(b);
        h = h.wrapping_mul(PRIME);
    }
    let mut out = String::with_capacity(11);
    out.push(char::from(LETTERS[(h % 52) as usize]));
    h /= 52;
    for _ in 0..10 {
        out.push(char::from(ALPHANUMERIC[(h % 62) as usize]));
        h /= 62;
    }
    out
}

/// Whether `text` has a DHIS2 UID's shape.
pub fn is_uid(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 11 && b[0].is_ascii_alphabetic() && b.iter().all(u8::is_ascii_alphanumeric)
}

/// The names of the ten data elements, in the order of [`elements`].
pub const ELEMENT_NAMES: [&str; 10] = [
    "FK New confirmed cases",
    "FK New suspected cases",
    "FK New close contacts",
    "FK New fever patients",
    "FK In place: closed management",
    "FK In place: screening",
    "FK In place: disinfection",
    "FK In place: supplies",
    "FK In place: stability",
    "FK In place: publicity",
];

/// The data set's name.
pub const DATA_SET_NAME: &str = "FK Daily report";

/// One kind of object: its codes with their UIDs and names, and the way back.
#[derive(Debug, Default)]
struct Names {
    /// Code → (UID, name).
    by_code: HashMap<String, (String, String)>,
    /// UID → code; `None` where two codes share the UID.
    by_uid: HashMap<String, Option<String>>,
    /// Name → code; `None` where two objects share the name.
    by_name: HashMap<String, Option<String>>,
}

impl Names {
    fn add(&mut self, kind: &str, code: &str, name: &str) {
        let uid = uid_of(kind, code);
        let once = |map: &mut HashMap<String, Option<String>>, key: String| {
            map.entry(key)
                .and_modify(|c| *c = None)
                .or_insert_with(|| Some(code.to_string()));
        };
        once(&mut self.by_uid, uid.clone());
        once(&mut self.by_name, name.to_string());
        self.by_code
            .insert(code.to_string(), (uid, name.to_string()));
    }

    /// The code an identifier names under `scheme`.
    fn code_of(&self, scheme: IdScheme, id: &str) -> Result<String, Unresolved> {
        let id = id.trim();
        let found = match scheme {
            IdScheme::Code => self.by_code.contains_key(id).then(|| Some(id.to_string())),
            IdScheme::Uid => self.by_uid.get(id).cloned(),
            IdScheme::Name => self.by_name.get(id).cloned(),
            IdScheme::UidOrCode => {
                if self.by_code.contains_key(id) {
                    Some(Some(id.to_string()))
                } else {
                    self.by_uid.get(id).cloned()
                }
            }
        };
        match found {
            Some(Some(code)) => Ok(code),
            Some(None) => Err(Unresolved::Ambiguous),
            None => Err(Unresolved::Unknown),
        }
    }

    /// The identifier of `code` under `scheme` (the code itself if unknown).
    fn id_of(&self, scheme: IdScheme, code: &str) -> String {
        match (scheme, self.by_code.get(code)) {
            (IdScheme::Uid | IdScheme::UidOrCode, Some((uid, _))) => uid.clone(),
            (IdScheme::Name, Some((_, name))) => name.clone(),
            _ => code.to_string(),
        }
    }
}

/// Why an identifier names nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unresolved {
    /// No object has it.
    Unknown,
    /// Several objects have it (a name two units share).
    Ambiguous,
}

/// Every object a data value set can name: the units of the tree (every code
/// ever recorded, named by its latest name), the ten data elements and the
/// data set.
#[derive(Debug)]
pub struct Directory {
    units: Names,
    elements: Names,
    data_sets: Names,
}

impl Directory {
    /// The directory of a unit history.
    pub fn new(history: &UnitHistory) -> Directory {
        let mut units = Names::default();
        for code in history.codes() {
            let name = history.latest(code).map_or("", |v| v.name.as_str());
            units.add("organisationUnit", code.as_str(), name);
        }
        let mut elements_ = Names::default();
        for (code, name) in elements().iter().zip(ELEMENT_NAMES) {
            elements_.add("dataElement", code, name);
        }
        let mut data_sets = Names::default();
        data_sets.add("dataSet", DATA_SET, DATA_SET_NAME);
        Directory {
            units,
            elements: elements_,
            data_sets,
        }
    }

    /// The unit code an org unit identifier names.
    pub fn unit_code(&self, scheme: IdScheme, id: &str) -> Result<String, Unresolved> {
        self.units.code_of(scheme, id)
    }

    /// The element code a data element identifier names.
    pub fn element_code(&self, scheme: IdScheme, id: &str) -> Result<String, Unresolved> {
        self.elements.code_of(scheme, id)
    }

    /// Whether a data set identifier names fangkong's daily report.
    pub fn is_daily_report(&self, scheme: IdScheme, id: &str) -> bool {
        self.data_sets.code_of(scheme, id).is_ok()
    }

    /// A unit's identifier under `scheme`.
    pub fn unit_id(&self, scheme: IdScheme, code: &str) -> String {
        self.units.id_of(scheme, code)
    }

    /// A data element's identifier under `scheme`.
    pub fn element_id(&self, scheme: IdScheme, code: &str) -> String {
        self.elements.id_of(scheme, code)
    }

    /// The data set's identifier under `scheme`.
    pub fn data_set_id(&self, scheme: IdScheme) -> String {
        self.data_sets.id_of(scheme, DATA_SET)
    }

    /// A value written with codes, its identifiers turned to `schemes`.
    pub fn write(&self, schemes: Schemes, mut v: DataValue) -> DataValue {
        v.org_unit = self.unit_id(schemes.org_unit, &v.org_unit);
        v.data_element = self.element_id(schemes.data_element, &v.data_element);
        v
    }
}

/// Reads a data value set's identifiers as codes on their way to `inner`:
/// each value's org unit and data element are translated under the declared
/// schemes (query parameters first, then the document's own declarations,
/// which take precedence), and the data set is checked to be the daily
/// report. Every identifier that names nothing is a problem at its value's
/// place, naming the scheme it was read in.
pub struct Resolving<'d, S> {
    directory: &'d Directory,
    schemes: Schemes,
    inner: S,
    /// Values already translated (a scheme declared after them came too late).
    translated: usize,
    /// The document's data set, if it names one.
    data_set: Option<String>,
    /// The envelope's other attributes, for the caller (completeDate, dryRun…).
    envelope: Vec<(String, String)>,
}

impl<'d, S: ValueSink> Resolving<'d, S> {
    /// Translates under `schemes` into `inner`.
    pub fn new(directory: &'d Directory, schemes: Schemes, inner: S) -> Resolving<'d, S> {
        Resolving {
            directory,
            schemes,
            inner,
            translated: 0,
            data_set: None,
            envelope: Vec::new(),
        }
    }

    /// Ends the document: checks its data set. Returns the sink, the schemes in
    /// force and the envelope's other attributes.
    pub fn finish(mut self) -> (S, Schemes, Vec<(String, String)>) {
        if let Some(id) = self.data_set.take()
            && !self.directory.is_daily_report(self.schemes.data_set, &id)
        {
            let expected = self.directory.data_set_id(self.schemes.data_set);
            self.inner.problem(ValueProblem {
                place: "$.dataSet".into(),
                field: "dataSet",
                message: format!(
                    "unknown data set '{id}' ({} scheme): fangkong takes the daily report, {expected}",
                    self.schemes.data_set.name()
                ),
            });
        }
        (self.inner, self.schemes, self.envelope)
    }

    fn unresolved(
        &mut self,
        place: &Place,
        field: &'static str,
        what: &str,
        id: &str,
        scheme: IdScheme,
        why: Unresolved,
    ) {
        let message = match why {
            Unresolved::Unknown => format!("unknown {what} '{id}' ({} scheme)", scheme.name()),
            Unresolved::Ambiguous => format!(
                "the {what} '{id}' is ambiguous ({} scheme): several share it; use CODE or UID",
                scheme.name()
            ),
        };
        // A JSON path goes down to the field; a line names the field beside it.
        let place = if place.starts_with('$') {
            format!("{place}.{field}")
        } else {
            place.clone()
        };
        self.inner.problem(ValueProblem {
            place,
            field,
            message,
        });
    }
}

impl<S: ValueSink> ValueSink for Resolving<'_, S> {
    fn value(&mut self, place: Place, mut v: DataValue) {
        self.translated += 1;
        let schemes = self.schemes;
        let unit = self.directory.unit_code(schemes.org_unit, &v.org_unit);
        let element = self
            .directory
            .element_code(schemes.data_element, &v.data_element);
        let mut ok = true;
        match unit {
            Ok(code) => v.org_unit = code,
            Err(why) => {
                ok = false;
                let id = v.org_unit.clone();
                self.unresolved(&place, "orgUnit", "org unit", &id, schemes.org_unit, why);
            }
        }
        match element {
            Ok(code) => v.data_element = code,
            Err(why) => {
                ok = false;
                let id = v.data_element.clone();
                self.unresolved(
                    &place,
                    "dataElement",
                    "data element",
                    &id,
                    schemes.data_element,
                    why,
                );
            }
        }
        if ok {
            self.inner.value(place, v);
        }
    }

    fn problem(&mut self, problem: ValueProblem) {
        self.inner.problem(problem);
    }

    fn envelope(&mut self, key: &str, value: &str) {
        if SCHEME_KEYS.contains(&key) {
            match Schemes::from_params(self.schemes, [(key, value)]) {
                Err((key, message)) => self.inner.problem(ValueProblem {
                    place: format!("$.{key}"),
                    field: scheme_field(&key),
                    message,
                }),
                Ok(schemes) if schemes != self.schemes && self.translated > 0 => {
                    self.inner.problem(ValueProblem {
                        place: format!("$.{key}"),
                        field: scheme_field(key),
                        message: format!(
                            "{key} comes after the data values it applies to: declare it before dataValues"
                        ),
                    });
                }
                Ok(schemes) => self.schemes = schemes,
            }
        } else if key == "dataSet" {
            self.data_set = Some(value.to_string());
        } else {
            self.envelope.push((key.to_string(), value.to_string()));
        }
    }
}

/// The static name of a scheme key (`idScheme` for anything else).
fn scheme_field(key: &str) -> &'static str {
    SCHEME_KEYS
        .iter()
        .find(|k| **k == key)
        .copied()
        .unwrap_or("idScheme")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::UnitCode;
    use crate::exchange::dhis2::Collected;
    use crate::quality::tests::report_on;
    use crate::unit::{UnitHistory, UnitKind, UnitVersion};

    fn history_of(units: &[(&str, Option<&str>, &str)]) -> UnitHistory {
        let mut h = UnitHistory::new();
        for (code, parent, name) in units {
            h.push(
                UnitCode::parse(code).expect("code"),
                UnitVersion {
                    valid_from: None,
                    name: (*name).into(),
                    kind: UnitKind::District,
                    parent: parent.map(|p| UnitCode::parse(p).expect("code")),
                    population: None,
                    retired: false,
                    reason: None,
                    from_address_list: false,
                },
            );
        }
        h
    }

    fn directory() -> Directory {
        Directory::new(&history_of(&[
            ("420000", None, "湖北省"),
            ("420102", Some("420000"), "江岸区"),
            ("420103", Some("420000"), "江汉区"),
            ("42010201", Some("420102"), "保成社区"),
            ("42010301", Some("420103"), "保成社区"),
        ]))
    }

    #[test]
    fn a_uid_is_stable_has_dhis2_s_shape_and_differs_by_kind() {
        let uid = uid_of("organisationUnit", "420102");
        assert_eq!(uid, uid_of("organisationUnit", "420102"));
        assert!(is_uid(&uid), "{uid}");
        assert_ne!(uid, uid_of("dataElement", "420102"));
        assert_ne!(uid, uid_of("organisationUnit", "420103"));
        // Fixed forever: other systems store it.
        assert_eq!(
            uid_of("dataSet", DATA_SET),
            uid_of("dataSet", "FK_DAILY_REPORT")
        );
        assert!(!is_uid("420102"), "a unit code never has a UID's shape");
        assert!(!is_uid("1bcdefghijk"));
    }

    #[test]
    fn schemes_read_with_specific_over_general_in_any_order() {
        let s = Schemes::from_params(
            Schemes::default(),
            [("orgUnitIdScheme", "name"), ("idScheme", "code")],
        )
        .expect("valid");
        assert_eq!(s.org_unit, IdScheme::Name);
        assert_eq!(s.data_element, IdScheme::Code);
        assert_eq!(s.data_set, IdScheme::Code);
        let bad =
            Schemes::from_params(Schemes::default(), [("dataElementIdScheme", "attribute:X")]);
        assert_eq!(bad.expect_err("refused").0, "dataElementIdScheme");
        assert_eq!(IdScheme::parse("uid"), Ok(IdScheme::Uid));
        assert_eq!(IdScheme::parse("ID"), Ok(IdScheme::Uid));
    }

    #[test]
    fn identifiers_resolve_under_each_scheme_and_unknown_or_shared_ones_do_not() {
        let d = directory();
        let uid = uid_of("organisationUnit", "420102");
        assert_eq!(d.unit_code(IdScheme::Uid, &uid).as_deref(), Ok("420102"));
        assert_eq!(
            d.unit_code(IdScheme::UidOrCode, &uid).as_deref(),
            Ok("420102")
        );
        assert_eq!(
            d.unit_code(IdScheme::UidOrCode, "420102").as_deref(),
            Ok("420102")
        );
        assert_eq!(
            d.unit_code(IdScheme::Name, "江岸区").as_deref(),
            Ok("420102")
        );
        assert_eq!(d.unit_code(IdScheme::Code, &uid), Err(Unresolved::Unknown));
        assert_eq!(
            d.unit_code(IdScheme::Uid, "420102"),
            Err(Unresolved::Unknown)
        );
        assert_eq!(
            d.unit_code(IdScheme::Name, "保成社区"),
            Err(Unresolved::Ambiguous)
        );
        assert_eq!(
            d.unit_code(IdScheme::Code, "999999"),
            Err(Unresolved::Unknown)
        );
        let e = uid_of("dataElement", "FK_NEW_FEVER");
        assert_eq!(
            d.element_code(IdScheme::Uid, &e).as_deref(),
            Ok("FK_NEW_FEVER")
        );
        assert_eq!(
            d.element_code(IdScheme::Name, "FK New fever patients")
                .as_deref(),
            Ok("FK_NEW_FEVER")
        );
        assert!(d.is_daily_report(IdScheme::Uid, &d.data_set_id(IdScheme::Uid)));
        assert!(d.is_daily_report(IdScheme::Name, DATA_SET_NAME));
        assert!(!d.is_daily_report(IdScheme::UidOrCode, "pBOMPrpg1QX"));
    }

    #[test]
    fn a_report_written_in_uids_reads_back_as_codes() {
        let d = directory();
        let mut r = report_on(0, [1, 2, 3, 4]);
        r.unit = UnitCode::parse("420103").expect("code");
        let schemes = Schemes::all(IdScheme::Uid);
        let mut sink = Resolving::new(&d, schemes, Collected::default());
        for (i, v) in super::super::dhis2::to_values(&r).into_iter().enumerate() {
            let written = d.write(schemes, v.clone());
            assert_ne!(written.org_unit, v.org_unit);
            sink.value(format!("$.dataValues[{i}]"), written);
        }
        let (c, _, _) = sink.finish();
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        let back: Vec<DataValue> = c.values.into_iter().map(|(_, v)| v).collect();
        assert_eq!(back, super::super::dhis2::to_values(&r));
    }

    #[test]
    fn problems_name_the_value_s_path_the_field_and_the_scheme() {
        let d = directory();
        let mut sink = Resolving::new(&d, Schemes::default(), Collected::default());
        sink.envelope("dataSet", "pBOMPrpg1QX");
        sink.envelope("orgUnitIdScheme", "CODE");
        sink.envelope("completeDate", "2020-03-07");
        sink.value(
            "$.dataValues[0]".into(),
            DataValue {
                data_element: "FK_NEW_FEVER".into(),
                org_unit: "DiszpKrYNg8".into(),
                period: "20200306".into(),
                ..DataValue::default()
            },
        );
        sink.envelope("dataElementIdScheme", "NAME");
        let (c, schemes, envelope) = sink.finish();
        assert_eq!(schemes.org_unit, IdScheme::Code);
        assert_eq!(
            envelope,
            [("completeDate".to_string(), "2020-03-07".to_string())]
        );
        let got: Vec<(&str, &str)> = c
            .problems
            .iter()
            .map(|p| (p.place.as_str(), p.field))
            .collect();
        assert_eq!(
            got,
            [
                ("$.dataValues[0].orgUnit", "orgUnit"),
                ("$.dataElementIdScheme", "dataElementIdScheme"),
                ("$.dataSet", "dataSet"),
            ],
            "{:?}",
            c.problems
        );
        assert!(
            c.problems[0]
                .message
                .contains("unknown org unit 'DiszpKrYNg8' (CODE scheme)")
        );
        assert!(
            c.problems[2]
                .message
                .contains("unknown data set 'pBOMPrpg1QX'")
        );
    }
}
