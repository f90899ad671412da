//! Inspection photos: JPEG or PNG only, size-limited by the caller, with
//! their EXIF block (which holds the GPS position) dropped without
//! re-encoding the picture.

use img_parts::{Bytes, ImageEXIF};

/// Why a photo is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    /// Neither JPEG nor PNG.
    #[error("a photo must be a JPEG or PNG image")]
    Format,
}

/// A photo without EXIF, and its media type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanPhoto {
    /// The image's bytes.
    pub bytes: Vec<u8>,
    /// `image/jpeg` or `image/png`.
    pub media_type: &'static str,
}

/// The photo with its EXIF removed (and with it any location).
pub fn strip_exif(bytes: &[u8]) -> Result<CleanPhoto, PhotoError> {
    let input = Bytes::copy_from_slice(bytes);
    if let Ok(mut jpeg) = img_parts::jpeg::Jpeg::from_bytes(input.clone()) {
        jpeg.set_exif(None);
        // XMP (APP1 with an XMP header) may carry a location too.
        jpeg.segments_mut().retain(|s| {
            !(s.marker() == img_parts::jpeg::markers::APP1
                && s.contents().starts_with(b"http://ns.adobe.com/xap/"))
        });
        let mut out = Vec::new();
        jpeg.encoder()
            .write_to(&mut out)
            .map_err(|_| PhotoError::Format)?;
        return Ok(CleanPhoto {
            bytes: out,
            media_type: "image/jpeg",
        });
    }
    if let Ok(mut image) = img_parts::png::Png::from_bytes(input) {
        image.set_exif(None);
        let mut out = Vec::new();
        image
            .encoder()
            .write_to(&mut out)
            .map_err(|_| PhotoError::Format)?;
        return Ok(CleanPhoto {
            bytes: out,
            media_type: "image/png",
        });
    }
    Err(PhotoError::Format)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal JPEG: SOI, an APP1 EXIF segment with a GPS-looking payload,
    /// a comment, SOS with one byte of scan data, EOI.
    fn jpeg_with_exif() -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8];
        let exif = b"Exif\0\0MM\0*GPSLatitude30.59";
        v.extend([0xFF, 0xE1]);
        v.extend(((exif.len() + 2) as u16).to_be_bytes());
        v.extend(exif);
        let comment = b"gate";
        v.extend([0xFF, 0xFE]);
        v.extend(((comment.len() + 2) as u16).to_be_bytes());
        v.extend(comment);
        v.extend([0xFF, 0xDA, 0x00, 0x02, 0x11, 0xFF, 0xD9]);
        v
    }

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn the_exif_block_and_its_location_are_dropped_the_rest_kept() {
        let input = jpeg_with_exif();
        assert!(contains(&input, b"GPSLatitude"));
        let clean = strip_exif(&input).expect("jpeg");
        assert_eq!(clean.media_type, "image/jpeg");
        assert!(!contains(&clean.bytes, b"GPSLatitude"));
        assert!(!contains(&clean.bytes, b"Exif"));
        assert!(contains(&clean.bytes, b"gate"));
        assert_eq!(&clean.bytes[..2], &[0xFF, 0xD8]);
    }

    #[test]
    fn a_png_passes_and_anything_else_is_refused() {
        let png = crate::qr::png("x", 1).expect("png");
        assert_eq!(strip_exif(&png).expect("png").media_type, "image/png");
        assert_eq!(strip_exif(b"GIF89a...."), Err(PhotoError::Format));
    }
}
