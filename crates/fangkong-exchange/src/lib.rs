//! The file formats of other systems, read as streams and written as streams:
//! DHIS2 data value sets in JSON, XML (DXF 2) and CSV, and iCalendar files
//! of duty days ([`ical`]), signed pass tokens ([`pass_token`]) in QR codes
//! ([`qr`]) and inspection photos without their EXIF ([`photo`]). The mapping between these values and the daily report lives in the domain
//! (`fangkong_domain::exchange`); here is only the syntax. Every problem names
//! where it was read: a JSON path or a line.

pub mod dhis2;
pub mod ical;
pub mod lines;
pub mod pass_token;
pub mod photo;
pub mod qr;
