//! `cargo workshop book`: build the book and serve it, installing mdBook first if needed.

use std::path::Path;
use std::process::Command;

use anyhow::{Result, bail};

use crate::manifest::Manifest;
use crate::mdbook;
use crate::process::{self, Ending};
use crate::sentences::book as says;
use anstream::println;

/// Where `mdbook serve` listens.
pub const PORT: u16 = 3000;

/// Build the book into `target/book`, then serve it until Ctrl-C (unless `serve` is false).
pub fn run(root: &Path, manifest: &Manifest, serve: bool, open: bool) -> Result<()> {
    let mdbook = mdbook::ensure(root, mdbook::wanted(manifest)?)?;
    let book = root.join("book");
    println!("{}", says::building(&mdbook.display().to_string()));
    let ending = process::run_attached(Command::new(&mdbook).arg("build").arg(&book))?;
    if ending != Ending::Exited(0) {
        bail!(says::build_failed(&ending.to_string()));
    }
    println!(
        "{}",
        says::built_in(&root.join("target").join("book").display().to_string())
    );
    if !serve {
        return Ok(());
    }

    println!("{}", says::serving(PORT));
    let mut serve = Command::new(&mdbook);
    serve
        .arg("serve")
        .arg(&book)
        .args(["--port", &PORT.to_string()]);
    if open {
        serve.arg("--open");
    }
    // Ctrl-C ends `mdbook serve` with a signal: that is how a reader stops it, not an error.
    match process::run_attached(&mut serve)? {
        Ending::Exited(0) | Ending::Crashed(_) => Ok(()),
        other => bail!(says::serve_stopped(&other.to_string(), PORT)),
    }
}
