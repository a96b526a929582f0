include!("../../src-tauri/startup_order.rs");

fn main() {
    link_startup_order();
    tauri_build::build()
}
