//! DHIS2 data value sets: JSON, XML (DXF 2) and CSV, each read into a
//! [`ValueSink`](fangkong_domain::exchange::dhis2::ValueSink) and written from
//! values whose identifiers are already in the scheme wanted.

pub mod csv;
pub mod json;
pub mod xml;

/// A data value set's formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `application/json`.
    Json,
    /// `application/xml` (DXF 2).
    Xml,
    /// `application/csv`.
    Csv,
}

impl Format {
    /// The format of a media type (`Content-Type`, `Accept`), parameters ignored.
    pub fn of_media_type(media: &str) -> Option<Format> {
        let essence = media
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match essence.as_str() {
            "application/json" => Some(Format::Json),
            "application/xml" | "text/xml" | "application/dxf2+xml" => Some(Format::Xml),
            "application/csv" | "text/csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// The format of a file extension (`json`, `xml`, `csv`).
    pub fn of_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "xml" => Some(Format::Xml),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// The media type written.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Xml => "application/xml",
            Format::Csv => "application/csv",
        }
    }
}

/// Reads a data value set in `format`.
pub fn read(
    format: Format,
    reader: impl std::io::BufRead,
    sink: &mut impl fangkong_domain::exchange::dhis2::ValueSink,
) {
    match format {
        Format::Json => json::read(reader, sink),
        Format::Xml => xml::read(reader, sink),
        Format::Csv => csv::read(reader, sink),
    }
}
