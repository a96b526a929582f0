//! Prints a filing's attachments in force, as the store has them (JSON), for the end-to-end test:
//! `cargo run -p beian-handoff --example attachments -- --data-dir D --filing ID|ORDER_NO`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use beian_store::Store;
use clap::Parser;

#[derive(Parser)]
struct Args {
    #[arg(long)]
    data_dir: PathBuf,
    #[arg(long)]
    filing: String,
}

fn main() {
    let args = Args::parse();
    let store = Store::open(&args.data_dir).expect("store");
    let id = match args.filing.parse() {
        Ok(id) => id,
        Err(_) => store.find_by_order_no(&args.filing).expect("store").expect("no such filing"),
    };
    let list = store.attachments(id, false).expect("attachments");
    let files = beian_scan::FileStore::in_data_dir(&args.data_dir);
    let out: Vec<serde_json::Value> = list
        .iter()
        .map(|a| {
            let mut v = serde_json::to_value(a).unwrap();
            v["file_exists"] = files.contains(&a.sha256).into();
            v
        })
        .collect();
    println!("{}", serde_json::to_string_pretty(&out).unwrap());
}
