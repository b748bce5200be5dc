mod book;

fn main() -> anyhow::Result<()> {
    // Until the runner's command line lands, only `book` is wired.
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("runner/ sits in the workspace root")
        .to_path_buf();
    match std::env::args().nth(1).as_deref() {
        Some("book") => book::run(&root, true, false),
        _ => anyhow::bail!("usage: cargo workshop book"),
    }
}
