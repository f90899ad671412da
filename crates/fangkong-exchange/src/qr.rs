//! QR codes as PNG images: what `pass issue` prints for a phone to scan.

/// Why a QR code could not be made.
#[derive(Debug, thiserror::Error)]
pub enum QrError {
    /// The text does not fit in a QR code.
    #[error("the text does not fit in a QR code: {0}")]
    TooLong(String),
    /// The PNG could not be written.
    #[error("the PNG could not be written: {0}")]
    Png(String),
}

/// `text` as a QR code (error correction M), `scale` pixels per module with
/// the standard quiet zone of four modules, as a greyscale PNG.
pub fn png(text: &str, scale: u32) -> Result<Vec<u8>, QrError> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| QrError::TooLong(e.to_string()))?;
    let modules = code.width() as u32;
    let colors = code.to_colors();
    let scale = scale.max(1);
    let side = (modules + 8) * scale;
    let mut pixels = vec![255u8; (side * side) as usize];
    for (i, c) in colors.iter().enumerate() {
        if *c != qrcode::Color::Dark {
            continue;
        }
        let (mx, my) = (i as u32 % modules + 4, i as u32 / modules + 4);
        for y in my * scale..(my + 1) * scale {
            let row = (y * side) as usize;
            pixels[row + (mx * scale) as usize..row + ((mx + 1) * scale) as usize].fill(0);
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder
        .write_header()
        .map_err(|e| QrError::Png(e.to_string()))?;
    writer
        .write_image_data(&pixels)
        .map_err(|e| QrError::Png(e.to_string()))?;
    writer.finish().map_err(|e| QrError::Png(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes a greyscale PNG's QR code with an independent decoder.
    pub(crate) fn decode(png_bytes: &[u8]) -> String {
        let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
        let mut reader = decoder.read_info().expect("png");
        let mut buf = vec![0; reader.output_buffer_size().expect("size")];
        let info = reader.next_frame(&mut buf).expect("frame");
        let (w, h) = (info.width as usize, info.height as usize);
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * w + x]);
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code");
        grids[0].decode().expect("decodes").1
    }

    #[test]
    fn a_long_pass_url_reads_back_through_an_independent_decoder() {
        let url = format!("https://fangkong.example/pass/{}", "0a1B-_".repeat(60));
        let image = png(&url, 4).expect("png");
        assert_eq!(decode(&image), url);
    }
}
