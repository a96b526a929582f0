//! QR codes as inline SVG (the `qrcode` crate's SVG renderer), sized by the page's CSS.

use maud::{Markup, PreEscaped};
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// The QR code of `data` as an inline `<svg>` (quiet zone included), or `None` when the data does
/// not fit a QR code. Error correction M: readable from a slightly creased or smudged printout.
pub fn svg(data: &str) -> Option<Markup> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M).ok()?;
    let image = code
        .render::<svg::Color<'_>>()
        .quiet_zone(true)
        .module_dimensions(4, 4)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    // The renderer writes a standalone file; inside HTML the XML declaration has no place.
    let start = image.find("<svg")?;
    Some(PreEscaped(image[start..].to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inline_svg_without_xml_declaration() {
        let s = svg("BA20261128-0001").unwrap().0;
        assert!(s.starts_with("<svg"), "{s}");
        assert!(s.contains("viewBox"), "{s}");
        assert!(!s.contains("<?xml"));
        assert!(s.trim_end().ends_with("</svg>"));
    }
}
