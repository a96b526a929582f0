// Shared by src-tauri/build.rs and benches/probe/build.rs (`include!`): the program's startup
// order file, if it has one, goes to the linker in release builds for x86_64 Linux, where Rust
// links with its own lld. The functions a start runs are then placed together and the start maps
// about half as much of the binary (scripts/startup-order.py says why; scripts/startup-order.sh
// writes the files). Symbols no longer in the binary are skipped without a word. Other targets,
// debug builds and builds that choose their own linker (a `linker` in RUSTFLAGS) are linked as
// before; `BEIAN_NO_STARTUP_ORDER=1` leaves it out too.

/// Passes `startup.order` (beside the package's Cargo.toml) to the linker when it applies.
fn link_startup_order() {
    println!("cargo:rerun-if-changed=startup.order");
    println!("cargo:rerun-if-env-changed=BEIAN_NO_STARTUP_ORDER");
    let env = |k: &str| std::env::var(k).unwrap_or_default();
    let applies = env("TARGET") == "x86_64-unknown-linux-gnu"
        && env("PROFILE") == "release"
        && !env("CARGO_ENCODED_RUSTFLAGS").contains("linker")
        && env("BEIAN_NO_STARTUP_ORDER") != "1";
    let file = std::path::Path::new(&env("CARGO_MANIFEST_DIR")).join("startup.order");
    if applies && file.is_file() {
        println!("cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={}", file.display());
        println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
    }
}
