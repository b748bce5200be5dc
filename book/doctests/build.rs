//! Turns every chapter of the book into a doctest module.
//!
//! Each `chapters/*.md` file becomes `#[doc = include_str!(…)] pub mod …`, so
//! `cargo test -p book-doctests --doc` compiles every inline ```rust block of the
//! book. Blocks that only hold an `{{#include …}}` are compiled and tested by the
//! crate they come from, so they are handed to rustdoc as `text`.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    // Rust tests link libpython: make them find the interpreter they were built for.
    pyo3_build_config::add_libpython_rpath_link_args();

    let chapters = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../chapters");
    println!("cargo::rerun-if-changed={}", chapters.display());
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");

    let mut names: Vec<_> = fs::read_dir(&chapters)
        .expect("the chapters/ folder is next to book/")
        .map(|entry| entry.expect("readable chapters/ entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    names.sort();

    let mut modules = String::new();
    for path in names {
        println!("cargo::rerun-if-changed={}", path.display());
        let stem = path.file_stem().unwrap().to_string_lossy().to_lowercase();
        let markdown = fs::read_to_string(&path).expect("chapters are UTF-8 text");
        let target = Path::new(&out_dir).join(format!("{stem}.md"));
        fs::write(&target, without_include_blocks(&markdown)).expect("OUT_DIR is writable");
        writeln!(
            modules,
            "#[doc = include_str!({:?})]\npub mod chapter_{stem} {{}}",
            target.display().to_string()
        )
        .unwrap();
    }
    fs::write(Path::new(&out_dir).join("chapters.rs"), modules).expect("OUT_DIR is writable");
}

/// Relabels a fenced block as `text` when its body is nothing but `{{#include}}` lines.
fn without_include_blocks(markdown: &str) -> String {
    let lines: Vec<&str> = markdown.lines().collect();
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let fence = line.trim_start().strip_prefix("```").unwrap_or("");
        if !fence.is_empty() {
            let end = (i + 1..lines.len())
                .find(|&j| lines[j].trim_start().starts_with("```"))
                .unwrap_or(lines.len());
            let body = &lines[i + 1..end];
            let only_includes =
                !body.is_empty() && body.iter().all(|l| l.trim().starts_with("{{#include"));
            out.push(if only_includes { "```text" } else { line });
            out.extend_from_slice(body);
            if end < lines.len() {
                out.push(lines[end]);
            }
            i = end + 1;
            continue;
        }
        out.push(line);
        i += 1;
    }
    out.join("\n") + "\n"
}
