//! The app's security configuration may only get stricter: this test reads `tauri.conf.json`, every
//! capability file and the Tauri dependencies, and fails when any of them loosens — a script source
//! that allows eval, inline scripts or a remote origin; a remote origin anywhere in the CSP; asset
//! protocol, global Tauri object or CSP modification switched on; a capability for every window, for
//! remote URLs, or with a permission outside the short list the front end uses (no fs, shell, http,
//! opener, process permissions, no scopes); a file-system, shell or HTTP plugin.
//!
//! Each rule is also tested against a loosened configuration, so that the checker itself is known
//! to catch what it claims to.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

/// The permissions the front end uses, and why. Adding one is a decision: add it here with its reason.
const ALLOWED_PERMISSIONS: &[(&str, &str)] = &[
    ("core:event:allow-listen", "UploadStep listens for file drops (getCurrentWebview().onDragDropEvent)"),
    ("core:event:allow-unlisten", "…and stops listening when the step closes"),
    ("dialog:allow-open", "the native open dialog for attaching scans"),
    (
        "dialog:allow-save",
        "the native save dialog for exports (calendar, spreadsheet): the command writes only the path chosen",
    ),
];

/// The only windows a capability may name.
const WINDOWS: &[&str] = &["main"];

/// The only non-'self' origin allowed, and only in connect-src: Tauri's IPC endpoint on Windows.
const IPC_ORIGIN: &str = "http://ipc.localhost";

/// …and in img-src only: the app's own `scan:` URI scheme as Windows spells it (src-tauri/src/scans.rs).
const SCAN_ORIGIN: &str = "http://scan.localhost";

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The CSP as directives → sources. Tauri accepts a string or an object of directives.
fn directives(csp: &Value) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    match csp {
        Value::String(s) => {
            for part in s.split(';') {
                let mut words = part.split_whitespace();
                if let Some(name) = words.next() {
                    out.insert(name.to_ascii_lowercase(), words.map(str::to_owned).collect());
                }
            }
        }
        Value::Object(map) => {
            for (name, v) in map {
                let sources = match v {
                    Value::String(s) => s.split_whitespace().map(str::to_owned).collect(),
                    Value::Array(a) => a.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
                    _ => vec![],
                };
                out.insert(name.to_ascii_lowercase(), sources);
            }
        }
        _ => {}
    }
    out
}

fn is_remote(source: &str) -> bool {
    let s = source.to_ascii_lowercase();
    s == "*"
        || s.contains('*')
        || ["http:", "https:", "ws:", "wss:", "ftp:"].contains(&s.as_str())
        || ["http://", "https://", "ws://", "wss://", "ftp://", "//"].iter().any(|p| s.starts_with(p))
        // a bare host such as `example.com` or `cdn.example.com:443`
        || (!s.starts_with('\'') && !s.ends_with(':') && s.contains('.'))
}

/// What is wrong with a CSP (empty: strict enough).
fn csp_problems(csp: &Value) -> Vec<String> {
    let mut p = Vec::new();
    if csp.is_null() {
        return vec!["no CSP at all".into()];
    }
    let d = directives(csp);
    let get = |name: &str| d.get(name).cloned();
    match get("default-src") {
        Some(s) if s == ["'self'"] || s == ["'none'"] => {}
        other => p.push(format!("default-src must be 'self' or 'none', is {other:?}")),
    }
    // script-src explicitly: 'self' only (Tauri adds the hashes and nonces of its own scripts).
    let scripts = get("script-src").unwrap_or_default();
    let allowed = |s: &String| s == "'self'" || s.starts_with("'sha256-") || s.starts_with("'nonce-");
    if scripts.is_empty() || !scripts.iter().all(allowed) {
        p.push(format!("script-src must be 'self' (with hashes or nonces), is {scripts:?}"));
    }
    for bad in
        ["'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", "'unsafe-hashes'", "data:", "blob:", "filesystem:"]
    {
        if scripts.iter().any(|s| s.eq_ignore_ascii_case(bad)) {
            p.push(format!("script-src allows {bad}"));
        }
    }
    for (name, want) in
        [("object-src", "'none'"), ("base-uri", "'none'"), ("frame-ancestors", "'none'"), ("form-action", "'none'")]
    {
        if get(name).as_deref() != Some(&[want.to_owned()][..]) {
            p.push(format!("{name} must be {want}, is {:?}", get(name)));
        }
    }
    for (name, sources) in &d {
        for s in sources {
            if s.eq_ignore_ascii_case("'unsafe-eval'") || s.eq_ignore_ascii_case("'wasm-unsafe-eval'") {
                p.push(format!("{name} allows {s}"));
            }
            let ipc = name == "connect-src" && s == IPC_ORIGIN;
            let scans = name == "img-src" && s == SCAN_ORIGIN;
            if is_remote(s) && !ipc && !scans {
                p.push(format!("{name} allows the remote source {s}"));
            }
        }
    }
    p
}

/// What is wrong with `tauri.conf.json` besides its CSP.
fn config_problems(conf: &Value) -> Vec<String> {
    let mut p = csp_problems(&conf["app"]["security"]["csp"]);
    let security = &conf["app"]["security"];
    if !security["devCsp"].is_null() {
        p.extend(csp_problems(&security["devCsp"]).into_iter().map(|e| format!("devCsp: {e}")));
    }
    if security["dangerousDisableAssetCspModification"] != Value::Null
        && security["dangerousDisableAssetCspModification"] != json!(false)
    {
        p.push("dangerousDisableAssetCspModification is set: Tauri would stop adding nonces and hashes".into());
    }
    if security["assetProtocol"]["enable"] == json!(true) {
        p.push("the asset protocol is enabled (it serves files from disk to the webview)".into());
    }
    if !security["capabilities"].is_null() && security["capabilities"] != json!([]) {
        p.push("capabilities are inlined in tauri.conf.json: keep them in capabilities/ where they are checked".into());
    }
    if conf["app"]["withGlobalTauri"] == json!(true) {
        p.push("withGlobalTauri puts the whole API on window.__TAURI__".into());
    }
    for w in conf["app"]["windows"].as_array().into_iter().flatten() {
        if let Some(url) = w["url"].as_str()
            && is_remote(url)
        {
            p.push(format!("window {} loads a remote URL {url}", w["label"]));
        }
    }
    for plugin in ["fs", "shell", "http", "opener", "process", "updater"] {
        if !conf["plugins"][plugin].is_null() {
            p.push(format!("plugin {plugin} is configured"));
        }
    }
    p
}

/// What is wrong with one capability.
fn capability_problems(cap: &Value) -> Vec<String> {
    let mut p = Vec::new();
    let id = cap["identifier"].as_str().unwrap_or("?");
    if !cap["remote"].is_null() {
        p.push(format!("{id}: grants IPC to remote URLs"));
    }
    let windows: Vec<&str> = cap["windows"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    if windows.is_empty() {
        p.push(format!("{id}: names no window"));
    }
    for w in windows
        .iter()
        .chain(cap["webviews"].as_array().into_iter().flatten().filter_map(Value::as_str).collect::<Vec<_>>().iter())
    {
        if w.contains('*') || !WINDOWS.contains(w) {
            p.push(format!("{id}: window/webview {w} (only {WINDOWS:?}, no wildcard)"));
        }
    }
    for perm in cap["permissions"].as_array().into_iter().flatten() {
        let name = match perm {
            Value::String(s) => s.clone(),
            Value::Object(o) => {
                p.push(format!("{id}: permission {perm} carries a scope"));
                o.get("identifier").and_then(Value::as_str).unwrap_or("?").to_owned()
            }
            other => format!("{other}"),
        };
        for family in ["fs:", "shell:", "http:", "opener:", "process:", "updater:", "os:", "store:", "sql:"] {
            if name.starts_with(family) {
                p.push(format!("{id}: {name} opens the {family} family"));
            }
        }
        if !ALLOWED_PERMISSIONS.iter().any(|(a, _)| *a == name) {
            p.push(format!("{id}: permission {name} is not among those the front end uses"));
        }
    }
    p
}

/// Tauri plugins the shell depends on that would give the webview files, processes or the network.
fn dependency_problems(cargo_toml: &str) -> Vec<String> {
    let mut p = Vec::new();
    for line in cargo_toml.lines().map(str::trim) {
        for plugin in [
            "tauri-plugin-fs",
            "tauri-plugin-shell",
            "tauri-plugin-http",
            "tauri-plugin-opener",
            "tauri-plugin-process",
            "tauri-plugin-updater",
            "tauri-plugin-websocket",
            "tauri-plugin-upload",
        ] {
            if line.starts_with(plugin) {
                p.push(format!("depends on {plugin}"));
            }
        }
        if line.starts_with("tauri ") || line.starts_with("tauri=") {
            for feature in ["protocol-asset", "devtools"] {
                if line.contains(&format!("\"{feature}\"")) {
                    p.push(format!("tauri feature {feature} is on"));
                }
            }
        }
    }
    p
}

#[test]
fn the_configuration_is_strict() {
    let conf = read_json(&manifest_dir().join("tauri.conf.json"));
    let mut problems = config_problems(&conf);
    let caps = manifest_dir().join("capabilities");
    let mut n = 0;
    for entry in std::fs::read_dir(&caps).unwrap() {
        let path = entry.unwrap().path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("json") => {
                n += 1;
                problems.extend(capability_problems(&read_json(&path)));
            }
            _ => problems.push(format!("{}: capability files are JSON here (others are not checked)", path.display())),
        }
    }
    assert!(n >= 1, "no capability file found");
    problems.extend(dependency_problems(&std::fs::read_to_string(manifest_dir().join("Cargo.toml")).unwrap()));
    problems.extend(dependency_problems(&std::fs::read_to_string(manifest_dir().join("../Cargo.toml")).unwrap()));
    assert!(problems.is_empty(), "the security configuration loosened:\n- {}", problems.join("\n- "));
}

#[test]
fn the_checker_catches_each_loosening() {
    let conf = read_json(&manifest_dir().join("tauri.conf.json"));
    assert!(config_problems(&conf).is_empty());
    let csp = conf["app"]["security"]["csp"].as_str().unwrap().to_owned();
    let loosened_csp = [
        csp.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'"),
        csp.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
        csp.replace("script-src 'self'", "script-src 'self' https://cdn.example.com"),
        csp.replace("img-src 'self'", "img-src 'self' https:"),
        csp.replace("connect-src 'self'", "connect-src 'self' https://api.example.com"),
        csp.replace("connect-src 'self'", "connect-src 'self' http://scan.localhost"),
        csp.replace("img-src 'self'", "img-src 'self' http://evil.localhost"),
        csp.replace("connect-src 'self'", "connect-src *"),
        csp.replace("default-src 'self'", "default-src *"),
        csp.replace("object-src 'none'", "object-src 'self'"),
        csp.replace("font-src 'self'", "font-src fonts.example.com"),
        csp.replace("script-src 'self';", ""),
    ];
    for loose in loosened_csp {
        assert_ne!(loose, csp);
        let mut c = conf.clone();
        c["app"]["security"]["csp"] = json!(loose);
        assert!(!config_problems(&c).is_empty(), "not caught: {loose}");
    }
    for (pointer, value) in [
        ("/app/security/csp", Value::Null),
        ("/app/withGlobalTauri", json!(true)),
        ("/app/security/dangerousDisableAssetCspModification", json!(true)),
        ("/app/security/assetProtocol", json!({"enable": true, "scope": ["**"]})),
        ("/plugins", json!({"shell": {"open": true}})),
        ("/app/windows", json!([{"label": "main", "url": "https://example.com"}])),
    ] {
        let mut c = conf.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let target = if parent.is_empty() { &mut c } else { c.pointer_mut(parent).unwrap() };
        target[key] = value;
        assert!(!config_problems(&c).is_empty(), "not caught: {pointer}");
    }

    let cap = read_json(&manifest_dir().join("capabilities/default.json"));
    assert!(capability_problems(&cap).is_empty());
    type Loosen = Box<dyn Fn(&mut Value)>;
    let loosened: Vec<Loosen> = vec![
        Box::new(|c| c["windows"] = json!(["*"])),
        Box::new(|c| c["windows"] = json!(["main", "other"])),
        Box::new(|c| c["remote"] = json!({"urls": ["https://*.example.com"]})),
        Box::new(|c| c["permissions"].as_array_mut().unwrap().push(json!("core:default"))),
        Box::new(|c| c["permissions"].as_array_mut().unwrap().push(json!("fs:allow-read-file"))),
        Box::new(|c| c["permissions"].as_array_mut().unwrap().push(json!("shell:allow-open"))),
        Box::new(|c| c["permissions"].as_array_mut().unwrap().push(json!("http:default"))),
        Box::new(|c| c["permissions"].as_array_mut().unwrap().push(json!("dialog:default"))),
        Box::new(|c| {
            c["permissions"]
                .as_array_mut()
                .unwrap()
                .push(json!({"identifier": "fs:scope", "allow": [{"path": "$HOME/**"}]}))
        }),
    ];
    for (i, loosen) in loosened.iter().enumerate() {
        let mut c = cap.clone();
        loosen(&mut c);
        assert!(!capability_problems(&c).is_empty(), "capability loosening #{i} not caught: {c}");
    }

    assert!(!dependency_problems("tauri-plugin-fs = \"2\"").is_empty());
    assert!(!dependency_problems("tauri-plugin-shell.workspace = true").is_empty());
    assert!(!dependency_problems("tauri = { version = \"2.12\", features = [\"protocol-asset\"] }").is_empty());
    assert!(dependency_problems("tauri-plugin-dialog.workspace = true").is_empty());
}
