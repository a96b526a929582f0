//! The throwaway PostgreSQL cluster the team-mode tests run on: Debian's server, started in a
//! temporary folder by the test itself (as the `postgres` user when the tests run as root). Never
//! skipped: without PostgreSQL this fails and says what to install.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use beian_store::team::cluster::{Cluster, OWNER, Options};

#[test]
fn a_cluster_starts_in_a_folder_speaks_chinese_trigrams_and_stops() {
    let dir = tempfile::tempdir().unwrap();
    let mut cluster = Cluster::create(dir.path(), &Options::for_tests()).expect("PostgreSQL starts");
    let mut client = postgres::Client::connect(&cluster.conninfo(OWNER, "postgres"), postgres::NoTls).unwrap();
    let ctype: String = client.query_one("SHOW lc_ctype", &[]).unwrap().get(0);
    assert_eq!(ctype, "C.UTF-8", "Chinese characters are word characters for pg_trgm only under a UTF-8 ctype");
    client.batch_execute("CREATE EXTENSION pg_trgm").unwrap();
    // Six characters, padded as one word: seven trigrams (shown hashed, being multi-byte). Under
    // the C locale there would be none.
    let grams: Vec<String> = client.query_one("SELECT show_trgm('杭州云帆科技')", &[]).unwrap().get(0);
    assert_eq!(grams.len(), 7, "{grams:?}");
    drop(client);

    cluster.stop(false).unwrap();
    assert!(postgres::Client::connect(&cluster.conninfo(OWNER, "postgres"), postgres::NoTls).is_err());
    // Started again on the same folder, the data is still there.
    cluster.start().unwrap();
    let mut client = postgres::Client::connect(&cluster.conninfo(OWNER, "postgres"), postgres::NoTls).unwrap();
    let ext: i64 = client.query_one("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'", &[]).unwrap().get(0);
    assert_eq!(ext, 1);
}
