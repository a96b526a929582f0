//! The hand-off link as a QR code (the `qrcode` crate's SVG renderer).

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// The QR code of `data` as an inline `<svg>` (quiet zone included, no XML declaration), sized
/// by whoever shows it. Error correction M: readable off a screen with some glare.
pub fn svg(data: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).ok()?;
    let image = code
        .render::<svg::Color<'_>>()
        .quiet_zone(true)
        .module_dimensions(6, 6)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    let start = image.find("<svg")?;
    Some(image[start..].to_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn handoff_qr_is_an_inline_svg() {
        let s = super::svg("http://192.168.1.20:41234/h/0123456789abcdef0123456789abcdef").unwrap();
        assert!(s.starts_with("<svg") && s.trim_end().ends_with("</svg>"), "{s}");
        assert!(!s.contains("<?xml"));
    }
}
