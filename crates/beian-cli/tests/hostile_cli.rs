//! Hostile input through every `beian` command: missing and unknown arguments, wrong types, huge
//! arguments (128 KiB, the most Linux passes in one argument) and 10 MB files and stdin, unknown
//! ids, path traversal, invalid UTF-8 (a lone surrogate's WTF-8 bytes) in arguments and files, lone
//! surrogate escapes in JSON. Every run must end with an exit code of the spec (0, 1, 2) — never a
//! panic (101) or a signal — print bounded output, and a failing run must leave the store and the
//! attachment store exactly as they were.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(unix)]

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::io::Write;
use std::os::unix::ffi::OsStringExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const SAMPLE: &str = include_str!("../../beian-core/tests/data/sample-filing.json");
const MB10: usize = 10 * 1024 * 1024;
/// Linux's limit for one argument is 32 pages (128 KiB).
const ARG_MAX_ONE: usize = 128 * 1024 - 1;

struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

fn run(dir: &Path, args: &[OsString], stdin: Option<&[u8]>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_beian"));
    cmd.arg("--data-dir").arg(dir).args(args).current_dir(dir);
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        let input = input.to_vec();
        // The command may stop reading early (too large): a broken pipe is fine.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
    }
    // Output is collected on another thread (a command printing more than a pipe holds must not
    // stall), with a deadline.
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let out = match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!("beian {} ran for over a minute", show(args));
        }
    };
    Run { code: out.status.code(), stdout: out.stdout, stderr: String::from_utf8_lossy(&out.stderr).into_owned() }
}

/// Arguments for a message: each cut to 40 characters.
fn show(args: &[OsString]) -> String {
    let parts: Vec<String> = args
        .iter()
        .map(|a| {
            let a = a.to_string_lossy();
            if a.chars().count() > 40 {
                format!("{}…({} bytes)", a.chars().take(40).collect::<String>(), a.len())
            } else {
                a.into_owned()
            }
        })
        .collect();
    format!("{parts:?}")
}

fn os(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

/// Everything a failed run must not have changed.
fn snapshot(dir: &Path) -> (Vec<i64>, BTreeSet<PathBuf>) {
    let conn = rusqlite::Connection::open(dir.join("beian.sqlite3")).unwrap();
    let q = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let rows = [
        "SELECT count(*) FROM filings",
        "SELECT coalesce(sum(revision), 0) FROM filings",
        "SELECT count(*) FROM filing_events",
        "SELECT count(*) FROM attachments",
        "SELECT count(*) FROM audit_log",
    ]
    .iter()
    .map(|s| q(s))
    .collect();
    let mut files = BTreeSet::new();
    fn walk(d: &Path, out: &mut BTreeSet<PathBuf>) {
        for e in std::fs::read_dir(d).into_iter().flatten().flatten() {
            if e.path().is_dir() {
                walk(&e.path(), out);
            } else {
                out.insert(e.path());
            }
        }
    }
    walk(&dir.join("attachments"), &mut files);
    (rows, files)
}

#[test]
fn every_command_ends_cleanly_on_hostile_input() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    std::fs::create_dir_all(&dir).unwrap();
    let p = |name: &str| dir.join(name).display().to_string();

    // A store with one filing.
    std::fs::write(dir.join("good.json"), SAMPLE.replace("张三的个人主页", "山水旅行摄影随笔")).unwrap();
    let r = run(&dir, &os(&["import", &p("good.json")]), None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);

    // Hostile files.
    let huge_json = format!("{{\"format\": \"beian-filing/1\", \"subject\": {{\"name\": \"{}\"}}}}", "a".repeat(MB10));
    std::fs::write(dir.join("huge.json"), &huge_json).unwrap();
    std::fs::write(dir.join("garbage.bin"), vec![0xA5u8; MB10]).unwrap();
    std::fs::write(dir.join("surrogate.json"), SAMPLE.replacen("\"张三\"", "\"\\ud800\"", 1)).unwrap();
    let mut wtf8 = SAMPLE.as_bytes().to_vec();
    let at = SAMPLE.find("张三").unwrap();
    wtf8.splice(at..at + 6, [0xED, 0xA0, 0x80]);
    std::fs::write(dir.join("wtf8.json"), &wtf8).unwrap();
    std::fs::write(dir.join("deep.json"), format!("{}{}", "[".repeat(100_000), "]".repeat(100_000))).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.join("link.png")).unwrap();
    std::fs::create_dir_all(dir.join("a_dir.json")).unwrap();

    let big = "字".repeat(ARG_MAX_ONE / 3);
    let lone: OsString = OsString::from_vec(vec![b'x', 0xED, 0xA0, 0x80, b'y']);
    let not_utf8: OsString = OsString::from_vec(vec![0xFF, 0xFE, b'.', b'j', b's', b'o', b'n']);
    let traversal =
        ["../../../../../../etc/passwd", "/etc/passwd", "..\\..\\Windows\\win.ini", "/dev/zero", "/proc/self/mem"];

    let mut cases: Vec<(Vec<OsString>, Option<Vec<u8>>)> = Vec::new();
    let mut add = |args: Vec<OsString>| cases.push((args, None));
    // Every command without its arguments, with an unknown flag, and with a non-UTF-8 argument.
    for c in [
        &["validate"][..],
        &["import"],
        &["export", "--bogus"],
        &["list", "--bogus"],
        &["doctor", "--bogus"],
        &["backup"],
        &["restore"],
        &["demo"],
        &["plan"],
        &["cert"],
        &["cert", "resident_id"],
        &["print"],
        &["print", "checklist"],
        &["scan"],
        &["scan", "normalize"],
        &["app"],
        &["app", "inspect"],
        &["app", "inspect", "--bogus"],
        &["ocr"],
        &["ocr", "--bogus"],
        &["workdays"],
        &["workdays", "add"],
        &["action"],
        &["action", "1"],
        &["action", "--bogus"],
        &["history"],
        &["history", "--bogus"],
        &["attach"],
        &["attach", "1"],
        &["attach", "1", "subject_certificate"],
        &["attach", "--bogus"],
        &["template"],
        &["template", "--xlsx"],
        &["template", "--bogus"],
        &["export", "--xlsx"],
        &["support"],
        &["support", "--out"],
        &["support", "--out", "/proc/self/mem"],
        &["support", "--out", "/nonexistent-folder/s.zip"],
        &["nonexistent-command"],
        &[],
    ] {
        add(os(c));
    }
    for c in [
        vec![OsString::from("validate"), lone.clone()],
        vec![OsString::from("import"), not_utf8.clone()],
        vec![OsString::from("export"), lone.clone()],
        vec![OsString::from("list"), OsString::from("--search"), lone.clone()],
        vec![OsString::from("cert"), OsString::from("resident_id"), lone.clone()],
        vec![OsString::from("cert"), lone.clone(), OsString::from("1")],
        vec![OsString::from("plan"), lone.clone()],
        vec![OsString::from("restore"), lone.clone()],
        vec![OsString::from("backup"), OsString::from("--out"), lone.clone()],
        vec![OsString::from("support"), OsString::from("--out"), lone.clone()],
        vec![OsString::from("scan"), OsString::from("normalize"), lone.clone(), lone.clone()],
        vec![OsString::from("ocr"), lone.clone()],
        vec![OsString::from("app"), OsString::from("inspect"), lone.clone()],
        vec![OsString::from("app"), OsString::from("inspect"), not_utf8.clone()],
        vec![OsString::from("action"), lone.clone(), OsString::from("submit")],
        vec![OsString::from("action"), OsString::from("1"), lone.clone()],
        vec![
            OsString::from("action"),
            OsString::from("1"),
            OsString::from("reject"),
            OsString::from("--reason"),
            lone.clone(),
        ],
        vec![OsString::from("history"), lone.clone()],
        vec![OsString::from("attach"), lone.clone(), OsString::from("subject_certificate"), lone.clone()],
        vec![OsString::from("attach"), OsString::from("1"), lone.clone(), lone.clone()],
        vec![OsString::from("attach"), OsString::from("1"), OsString::from("subject_certificate"), not_utf8.clone()],
        vec![OsString::from("ocr"), OsString::from("--ocr-dir"), lone.clone(), lone.clone()],
        vec![OsString::from("workdays"), OsString::from("add"), lone.clone(), OsString::from("1")],
        vec![OsString::from("print"), OsString::from("checklist"), lone.clone(), OsString::from("--out"), lone.clone()],
        vec![OsString::from("template"), OsString::from("--xlsx"), lone.clone()],
        vec![OsString::from("export"), OsString::from("--xlsx"), lone.clone(), OsString::from("--full")],
        vec![
            OsString::from("export"),
            OsString::from("--xlsx"),
            OsString::from("x.xlsx"),
            OsString::from("--search"),
            lone.clone(),
        ],
        vec![OsString::from("import"), OsString::from_vec(vec![0xFF, 0xFE, b'.', b'x', b'l', b's', b'x'])],
    ] {
        add(c);
    }
    // Wrong types and extreme numbers.
    for c in [
        &["list", "--limit", "abc"][..],
        &["list", "--limit", "-1"],
        &["list", "--limit", "99999999999999999999"],
        &["list", "--status", "alien"],
        &["demo", "--count", "abc"],
        &["demo", "--count", "-5"],
        &["demo", "--count", "0"],
        &["demo", "--count", "1", "--seed", "-1"],
        &["workdays", "add", "2024-02-30", "1"],
        &["workdays", "add", "2024-09-27", "-1"],
        &["workdays", "add", "2024-09-27", "0"],
        &["workdays", "add", "2024-09-27", "99999999999999999999"],
        &["workdays", "add", "9999-12-31", "1"],
        &["cert", "alien", "123"],
        &["cert", "resident_id", ""],
        &["print", "alien", "1", "--out", "x.html"],
        &["export", "--xlsx", "x.xlsx", "--status", "alien"],
        &["export", "--status", "draft"],
        &["export", "--province", "浙江省", "--json"],
        &["export", "--xlsx", "x.xlsx", "--json"],
        &["export", "--xlsx", "x.xlsx", "1"],
    ] {
        add(os(c));
    }
    // Huge arguments.
    for c in [
        vec!["cert", "resident_id", &big],
        vec!["cert", "passport", &big],
        vec!["list", "--search", &big],
        vec!["list", "--province", &big],
        vec!["export", &big],
        vec!["validate", &big],
        vec!["workdays", "add", &big, "1"],
        vec!["print", "checklist", &big, "--out", "x.html"],
        vec!["ocr", &big],
        vec!["action", &big, "submit"],
        vec!["action", "1", &big],
        vec!["action", "1", "reject", "--reason", &big],
        vec!["action", "1", "withdraw", "--note", &big],
        vec!["history", &big],
        vec!["attach", &big, "subject_certificate", "x.jpg"],
        vec!["attach", "1", &big, "x.jpg"],
        vec!["attach", "1", "subject_certificate", &big],
        vec!["export", "--xlsx", "x.xlsx", "--search", &big],
        vec!["export", "--xlsx", "x.xlsx", "--province", &big],
        vec!["export", "--xlsx", &big],
        vec!["template", "--xlsx", &big],
        vec!["import", &format!("{}.xlsx", &big[..big.len() - 15])],
    ] {
        add(os(&c));
    }
    // Unknown ids.
    for id in ["999999", "0", "-1", "BA00000000-0000", "BA99999999-9999", "9223372036854775807", "9223372036854775808"]
    {
        add(os(&["export", id]));
        add(os(&["export", "--full", id]));
        add(os(&["print", "summary", id, "--out", &p("x.html")]));
        add(os(&["action", id, "submit", "--confirm"]));
        add(os(&["history", "--json", id]));
        add(os(&["attach", id, "subject_certificate", &p("x.jpg")]));
    }
    // Path traversal and files that are not what they claim.
    for t in traversal {
        add(os(&["validate", t]));
        add(os(&["import", t]));
        add(os(&["plan", t]));
        add(os(&["restore", t]));
        add(os(&["restore", "--replace", t]));
        add(os(&["scan", "normalize", t, &p("out.jpg")]));
        add(os(&["ocr", "--json", t]));
        add(os(&["app", "inspect", "--json", t]));
        add(os(&["attach", "1", "subject_certificate", t]));
        add(os(&["export", t]));
    }
    for f in ["huge.json", "garbage.bin", "surrogate.json", "wtf8.json", "deep.json", "link.png", "a_dir.json"] {
        add(os(&["validate", &p(f)]));
        add(os(&["import", &p("good.json"), &p(f)]));
        add(os(&["plan", &p(f)]));
        add(os(&["restore", "--replace", &p(f)]));
        add(os(&["scan", "normalize", &p(f), &p("out.jpg")]));
        add(os(&["ocr", &p(f)]));
        add(os(&["app", "inspect", &p(f)]));
    }
    // Spreadsheets: files that are not workbooks, directories, unwritable outputs (a full export
    // to where nothing can be written is refused before it is recorded in the audit trail).
    std::fs::write(dir.join("huge.xlsx"), vec![0xA5u8; MB10]).unwrap();
    std::fs::write(dir.join("big-zip.xlsx"), [&b"PK\x03\x04"[..], &vec![0u8; 30 * 1024 * 1024]].concat()).unwrap();
    std::fs::write(dir.join("table.csv"), "序号,主办单位名称\n1,张三\n").unwrap();
    std::fs::write(
        dir.join("old.xls"),
        [&[0xD0u8, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..], &[0u8; 4096]].concat(),
    )
    .unwrap();
    std::os::unix::fs::symlink("/etc/passwd", dir.join("link.xlsx")).unwrap();
    std::fs::create_dir_all(dir.join("a_dir.xlsx")).unwrap();
    for f in ["huge.xlsx", "big-zip.xlsx", "table.csv", "old.xls", "link.xlsx", "a_dir.xlsx", "garbage.bin"] {
        add(os(&["import", &p(f)]));
        add(os(&["import", &p("good.json"), &p(f)]));
    }
    add(os(&["import", "/dev/zero.xlsx"]));
    for out in ["/proc/forbidden.xlsx", "/proc", "no/such/../dir/x.xlsx", "a_dir.xlsx"] {
        let out = if out.starts_with('/') { out.to_owned() } else { p(out) };
        add(os(&["template", "--xlsx", &out]));
        add(os(&["export", "--xlsx", &out]));
        add(os(&["export", "--xlsx", &out, "--full"]));
    }
    add(os(&["backup", "--out", "/proc/forbidden.tar.gz"]));
    add(os(&["backup", "--out", &p("no/such/../dir/")]));
    add(os(&["print", "checklist", "1", "--out", "/proc/forbidden.html"]));
    add(os(&["scan", "normalize", &p("garbage.bin"), "/proc/forbidden.jpg"]));
    // Standard input: 10 MB, a lone surrogate escape, WTF-8 bytes.
    cases.push((os(&["validate", "-"]), Some(huge_json.clone().into_bytes())));
    cases.push((os(&["validate", "--json", "-"]), Some(SAMPLE.replacen("\"张三\"", "\"\\udfff\"", 1).into_bytes())));
    cases.push((os(&["plan", "-"]), Some(wtf8.clone())));
    cases.push((os(&["import", "-"]), Some(vec![0u8; MB10])));

    let mut runs = 0;
    let mut failed = 0;
    for (args, stdin) in &cases {
        let before = snapshot(&dir);
        let r = run(&dir, args, stdin.as_deref());
        runs += 1;
        let code = r.code.unwrap_or_else(|| panic!("beian {} died of a signal: {}", show(args), r.stderr));
        assert!([0, 1, 2].contains(&code), "beian {} exited {code}: {}", show(args), r.stderr);
        assert!(!r.stderr.contains("panicked"), "beian {} panicked: {}", show(args), r.stderr);
        assert!(
            r.stdout.len() + r.stderr.len() < 1 << 20,
            "beian {} echoed {} bytes",
            show(args),
            r.stdout.len() + r.stderr.len()
        );
        if code != 0 {
            failed += 1;
            assert!(!r.stderr.trim().is_empty() || !r.stdout.is_empty(), "beian {} failed silently", show(args));
            assert_eq!(snapshot(&dir), before, "beian {} failed but changed the store", show(args));
        }
    }
    println!("hostile CLI: {runs} runs, {failed} refused (exit 1 or 2), none panicked");
    assert!(!PathBuf::from("/proc/forbidden.html").exists());
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "temporary files left behind: {left:?}");
    let r = run(&dir, &os(&["doctor"]), None);
    assert_eq!(r.code, Some(0), "{}", String::from_utf8_lossy(&r.stdout));
}

/// A reader that stops early (`beian due | head -1`): the command ends quietly with the shell's
/// code for a closed pipe, no panic on the terminal, and the store is left as it was.
#[test]
fn a_reader_that_stops_early_gets_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    let demo = run(dir.path(), &os(&["demo", "--count", "120", "--seed", "3"]), None);
    assert_eq!(demo.code, Some(0), "{}", demo.stderr);
    for verb in [&["list"][..], &["due"], &["stats"], &["export", "--json", "1"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_beian"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(verb)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before the first line is written.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "beian {verb:?}: {stderr}");
        assert!(matches!(out.status.code(), Some(0 | 141)), "beian {verb:?}: {:?} {stderr}", out.status);
    }
    let after = run(dir.path(), &os(&["list", "--json"]), None);
    assert_eq!(after.code, Some(0), "{}", after.stderr);
}
