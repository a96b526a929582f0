//! Prints the text lines read off an image: `cargo run -p beian-ocr --example ocr-lines -- IMAGE`.
#![allow(clippy::unwrap_used, clippy::expect_used)]
fn main() {
    let path = std::env::args().nth(1).expect("IMAGE");
    let dir = beian_ocr::locate(beian_ocr::default_candidates()).expect("OCR not installed");
    let t = std::time::Instant::now();
    let mut engine = beian_ocr::Engine::load(&dir).unwrap();
    eprintln!("load {:?}", t.elapsed());
    let img = beian_ocr::scan_image(std::fs::read(&path).unwrap()).unwrap();
    let t = std::time::Instant::now();
    let lines = engine.read(&img, &mut |_| {}).unwrap();
    eprintln!("read {:?}", t.elapsed());
    for l in &lines {
        println!("{:.3}\t{:?}\t{}", l.confidence(), l.quad[0], l.text());
    }
}
