//! Benchmark: reading a resident ID card's front and an A4 business licence, ours against RapidOCR
//! 1.4.4 in Python (the package the models come from: the same PP-OCRv4 det/rec and direction
//! classifier, the same ONNX Runtime version when set up by `scripts/bench-ocr.sh`).
//!
//! Run by hand, in a release build: `scripts/bench-ocr.sh` (sets up the Python peer in
//! `target/rapidocr-venv`, then `cargo bench -p beian-ocr --bench ocr`). Not part of `cargo test`.
//!
//! The scans are made as the tests make them (`tests/support`), processed as attaching processes
//! them (`scan_image`) and written as PNG, so both read the same pixels. Each engine runs in its own
//! process, loaded once; the runs are interleaved (ours, theirs, ours, …) after one warm-up each, so
//! that other load on the machine hits both alike. Printed: the load time, the median and minimum
//! time per image, the ratio of the medians, how many lines both read alike, and each process's peak
//! memory (max RSS, which includes the loaded models and, for the peer, Python with NumPy and OpenCV).
//!
//! `BEIAN_OCR_BENCH_RUNS` sets the runs per image (default 7).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Instant;

use serde_json::{Value, json};

const PEER_PYTHON: &str = "target/rapidocr-venv/bin/python";

fn threads() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(4)
}

/// Max RSS of this process so far, in KiB.
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn say(v: Value) {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{v}").unwrap();
    out.flush().unwrap();
}

/// Our side of the protocol rapidocr_peer.py speaks.
fn worker() {
    let dir = beian_ocr::locate(beian_ocr::default_candidates()).expect("OCR not set up: run scripts/setup-ocr.sh");
    let t = Instant::now();
    let mut engine = beian_ocr::Engine::load(&dir).unwrap();
    say(json!({ "load_ms": t.elapsed().as_secs_f64() * 1000.0 }));
    let mut images = std::collections::HashMap::new();
    for line in std::io::stdin().lock().lines() {
        let path = line.unwrap();
        if path.is_empty() {
            continue;
        }
        let image = images.entry(path.clone()).or_insert_with(|| image::open(&path).unwrap().to_rgb8());
        let t = Instant::now();
        let lines = engine.read(image, &mut |_| {}).unwrap();
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let texts: Vec<String> = lines.iter().map(|l| l.text()).collect();
        say(json!({ "ms": ms, "lines": texts }));
    }
    say(json!({ "peak_kib": peak_kib() }));
}

struct Peer {
    name: &'static str,
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    load_ms: f64,
}

impl Peer {
    fn start(name: &'static str, mut cmd: Command) -> Peer {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut p = Peer { name, child, stdin, stdout, load_ms: 0.0 };
        p.load_ms = p.receive()["load_ms"].as_f64().unwrap();
        p
    }
    fn receive(&mut self) -> Value {
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("{}: bad reply {line:?}: {e}", self.name))
    }
    fn read(&mut self, image: &Path) -> (f64, Vec<String>) {
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{}", image.display()).unwrap();
        stdin.flush().unwrap();
        let v = self.receive();
        let lines = v["lines"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect();
        (v["ms"].as_f64().unwrap(), lines)
    }
    fn finish(mut self) -> u64 {
        drop(self.stdin.take());
        let peak = self.receive()["peak_kib"].as_u64().unwrap();
        self.child.wait().unwrap();
        peak
    }
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n % 2 == 1 { s[n / 2] } else { (s[n / 2 - 1] + s[n / 2]) / 2.0 }
}

fn min(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::INFINITY, f64::min)
}

/// Lines both read with the same text (whitespace ignored), of the most either read.
fn agreement(ours: &[String], theirs: &[String]) -> (usize, usize) {
    let norm = |s: &String| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut rest: Vec<String> = theirs.iter().map(norm).collect();
    let mut same = 0;
    for o in ours.iter().map(norm) {
        if let Some(i) = rest.iter().position(|t| *t == o) {
            rest.swap_remove(i);
            same += 1;
        }
    }
    (same, ours.len().max(theirs.len()))
}

/// The scan as attaching stores it, decoded and saved losslessly for both engines.
fn processed(scan: &Path, out: PathBuf) -> (PathBuf, (u32, u32)) {
    let image = beian_ocr::scan_image(std::fs::read(scan).unwrap()).unwrap();
    image.save(&out).unwrap();
    (out, image.dimensions())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--worker") {
        worker();
        return;
    }
    if !args.iter().any(|a| a == "--bench") {
        eprintln!("benches/ocr.rs: run with `cargo bench -p beian-ocr --bench ocr` or scripts/bench-ocr.sh");
        return;
    }
    let runs: usize = std::env::var("BEIAN_OCR_BENCH_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(7).max(1);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let work = root.join("target/bench-ocr");
    std::fs::create_dir_all(&work).unwrap();

    println!("== making the scans (tests/support: ImageMagick, Noto CJK)");
    let card = support::IdCard::random(11);
    let licence = support::Licence::random(5);
    let id_scan = support::id_card_scan(&card, 11, support::Variant::Clean);
    let licence_scan = support::licence_scan(&licence, 300.0, 5, support::Variant::Clean);
    let (id_png, id_size) = processed(&id_scan, work.join("id-card.png"));
    let (lic_png, lic_size) = processed(&licence_scan, work.join("licence-a4.png"));
    let images = [
        (format!("ID card front {}×{}", id_size.0, id_size.1), id_png),
        (format!("A4 licence {}×{} (300 dpi)", lic_size.0, lic_size.1), lic_png),
    ];

    let n = threads();
    let mut ours_cmd = Command::new(std::env::current_exe().unwrap());
    ours_cmd.arg("--worker").current_dir(&root);
    let python = root.join(PEER_PYTHON);
    let mut engines = vec![Peer::start("beian-ocr", ours_cmd)];
    if python.exists() {
        let mut cmd = Command::new(&python);
        cmd.arg(root.join("crates/beian-ocr/benches/rapidocr_peer.py")).arg(n.to_string()).current_dir(&root);
        engines.push(Peer::start("RapidOCR 1.4.4", cmd));
    } else {
        println!("   (no peer: {} is missing — scripts/bench-ocr.sh sets it up)", python.display());
    }
    println!(
        "== {runs} runs per image and engine, interleaved, after a warm-up; ONNX Runtime intra-op threads: {n} each"
    );

    // times[engine][image], lines[engine][image]
    let mut times = vec![vec![Vec::new(); images.len()]; engines.len()];
    let mut lines = vec![vec![Vec::new(); images.len()]; engines.len()];
    for (i, (_, png)) in images.iter().enumerate() {
        for (e, engine) in engines.iter_mut().enumerate() {
            lines[e][i] = engine.read(png).1;
        }
    }
    for run in 0..runs {
        for (i, (name, png)) in images.iter().enumerate() {
            let mut row = format!("   run {:>2} {name:<32}", run + 1);
            for (e, engine) in engines.iter_mut().enumerate() {
                let (ms, _) = engine.read(png);
                times[e][i].push(ms);
                row.push_str(&format!("  {} {:>7.0} ms", engine.name, ms));
            }
            println!("{row}");
        }
    }
    let loads: Vec<f64> = engines.iter().map(|e| e.load_ms).collect();
    let names: Vec<&str> = engines.iter().map(|e| e.name).collect();
    let peaks: Vec<u64> = engines.into_iter().map(Peer::finish).collect();

    println!("== results (median of {runs}; min in brackets)");
    for (i, (name, _)) in images.iter().enumerate() {
        let mut row = format!("   {name:<34}");
        for (e, engine) in names.iter().enumerate() {
            row.push_str(&format!("  {engine}: {:>6.0} ms [{:>5.0}]", median(&times[e][i]), min(&times[e][i])));
        }
        if names.len() == 2 {
            let ratio = median(&times[0][i]) / median(&times[1][i]);
            let (same, of) = agreement(&lines[0][i], &lines[1][i]);
            row.push_str(&format!("  ours/RapidOCR {ratio:.2}  lines read alike {same}/{of}"));
        }
        println!("{row}");
    }
    let mut row = format!("   {:<34}", "model load");
    for (e, engine) in names.iter().enumerate() {
        row.push_str(&format!("  {engine}: {:>6.0} ms", loads[e]));
    }
    println!("{row}");
    let mut row = format!("   {:<34}", "peak memory (max RSS)");
    for (e, engine) in names.iter().enumerate() {
        row.push_str(&format!("  {engine}: {:>4} MiB", peaks[e] / 1024));
    }
    println!("{row}");
    if names.len() == 2 {
        for (i, (name, _)) in images.iter().enumerate() {
            let ours: Vec<&String> = lines[0][i].iter().filter(|l| !lines[1][i].contains(l)).collect();
            let theirs: Vec<&String> = lines[1][i].iter().filter(|l| !lines[0][i].contains(l)).collect();
            if !ours.is_empty() || !theirs.is_empty() {
                println!("   {name}: only ours {ours:?}; only RapidOCR {theirs:?}");
            }
        }
    }
}
