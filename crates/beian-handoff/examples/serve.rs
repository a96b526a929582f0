//! Serves one hand-off session from a data directory, for the end-to-end test and for trying the
//! phone page by hand:
//!
//! ```sh
//! cargo run -p beian-handoff --example serve -- --data-dir D --filing BA20261128-0001 [--bind 127.0.0.1]
//! ```
//!
//! Prints the session (`{"url": …, "slots": …}`) as the first line of standard output, then every
//! event as a JSON line; exits when the session has expired and the server stopped, or on Ctrl+C.
//! `--bind` defaults to loopback: a phone on the Wi-Fi needs the machine's LAN address instead
//! (`--bind list` prints the candidates).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use beian_handoff::{Config, Handoff, HandoffEvent, OwnedStore};
use beian_store::Store;
use clap::Parser;

#[derive(Parser)]
struct Args {
    #[arg(long)]
    data_dir: PathBuf,
    /// Filing id or order number.
    #[arg(long)]
    filing: String,
    #[arg(long, default_value = "127.0.0.1")]
    bind: String,
    #[arg(long)]
    port: Option<u16>,
    #[arg(long, default_value_t = 900)]
    ttl_secs: u64,
    #[arg(long, default_value_t = 60)]
    linger_secs: u64,
}

fn emit(line: &serde_json::Value) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    if args.bind == "list" {
        for a in beian_handoff::lan_addresses().expect("interfaces") {
            println!("{}\t{}\t{}", a.interface, a.address, if a.private { "private" } else { "" });
        }
        return;
    }
    let id: i64 = match args.filing.parse() {
        Ok(id) => id,
        Err(_) => Store::open(&args.data_dir)
            .expect("store")
            .find_by_order_no(&args.filing)
            .expect("store")
            .unwrap_or_else(|| panic!("no filing {}", args.filing)),
    };
    let ip: IpAddr = args.bind.parse().expect("--bind: an IPv4 address");
    let store = Arc::new(OwnedStore::open(&args.data_dir).expect("store"));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let config = Config {
        ttl: Duration::from_secs(args.ttl_secs),
        linger: Duration::from_secs(args.linger_secs),
        ..Config::default()
    };
    let handoff = Handoff::new(config, store, move |e: HandoffEvent| {
        let _ = tx.send(e);
    });
    let info = match handoff.start(id, ip, args.port).await {
        Ok(info) => info,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let mut first = serde_json::to_value(&info).unwrap();
    first["qr_svg"] = serde_json::Value::from(info.qr_svg.len());
    emit(&first);
    loop {
        tokio::select! {
            e = rx.recv() => match e {
                Some(e) => emit(&serde_json::to_value(&e).unwrap()),
                None => break,
            },
            _ = tokio::signal::ctrl_c() => break,
            _ = tokio::time::sleep(Duration::from_millis(200)) => {
                if handoff.listening().is_none() {
                    break;
                }
            }
        }
    }
    handoff.stop().await;
}
