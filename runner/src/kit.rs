//! The offline kit: a folder with everything a learner on the same system needs, for a
//! room without network. `cargo workshop setup --download DIR` fills it (the wheels of
//! every dependency group, the vendored crates of the workspace, a cargo configuration
//! that points at them); `cargo workshop setup --offline DIR` installs from it and
//! records it in `.workshop/kit.toml`, so that every later pip, uv, cargo and maturin
//! the runner starts uses the folder and never the network. The kit is for one system:
//! it assumes Rust and Python installed (and Redis for the task queue).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// A kit folder and the parts the runner uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kit {
    pub dir: PathBuf,
    pub wheels: PathBuf,
    /// `[source.crates-io] replace-with` the vendored crates: `cargo --config` takes it.
    pub cargo_config: PathBuf,
    /// The cargo home set-up made for the runner's own cargo and maturin runs.
    #[serde(default)]
    pub cargo_home: Option<PathBuf>,
}

impl Kit {
    /// The layout of a kit folder.
    pub fn at(dir: &Path) -> Kit {
        Kit {
            dir: dir.to_path_buf(),
            wheels: dir.join("wheels"),
            cargo_config: dir.join("cargo-config.toml"),
            cargo_home: None,
        }
    }

    pub fn crates(&self) -> PathBuf {
        self.dir.join("crates")
    }

    /// Point `command`, a cargo or a maturin, at the kit: a cargo home of the clone's
    /// own whose configuration replaces crates.io with the kit's crates, and no network.
    /// (`--config` would not do: maturin does not hand it to every cargo it runs, and
    /// cargo takes no source replacement from environment variables.)
    pub fn apply(&self, command: &mut Command) {
        command.envs(self.environment());
    }

    /// The variables `apply` sets, for a process that starts cargo or maturin itself
    /// (the shipping exercise's suite builds its own wheels).
    pub fn environment(&self) -> Vec<(String, std::ffi::OsString)> {
        let mut variables = Vec::new();
        if let Some(home) = &self.cargo_home {
            variables.push(("CARGO_HOME".to_owned(), home.clone().into_os_string()));
        }
        variables.push(("CARGO_NET_OFFLINE".to_owned(), "true".into()));
        variables
    }

    /// The configuration of that cargo home: the same as `cargo-config.toml`, with the
    /// crates' folder as an absolute path.
    pub fn cargo_home_config_text(&self) -> String {
        let header =
            "# Written by `cargo workshop setup --offline`: the workshop's crates from the kit.\n";
        header.to_owned() + &source_replacement(&self.crates().display().to_string())
    }

    /// The text of `cargo-config.toml`: crates.io replaced by the vendored folder.
    /// Cargo reads a relative path in a `--config` file from the folder above the
    /// file's, so the kit works wherever it is copied, as long as it keeps its name.
    pub fn cargo_config_text(&self) -> String {
        let name = self
            .dir
            .file_name()
            .map_or_else(|| "kit".into(), |name| name.to_string_lossy().into_owned());
        let header = "# Written by `cargo workshop setup --download`: cargo takes the workshop's crates\n\
                      # from the folder beside this file, never from the network. The path is read\n\
                      # from the folder above this one: keep the kit's folder name.\n";
        header.to_owned() + &source_replacement(&format!("{name}/crates"))
    }
}

/// Cargo configuration that takes every crate from `directory` (the vendored crates)
/// instead of crates.io, and never reaches the network.
fn source_replacement(directory: &str) -> String {
    format!(
        "[source.crates-io]\n\
         replace-with = \"workshop-kit\"\n\n\
         [source.workshop-kit]\n\
         directory = {}\n\n\
         [net]\n\
         offline = true\n",
        toml_string(directory)
    )
}

/// A TOML basic string (a Windows path has backslashes).
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// Where set-up records the kit it installed from.
fn record(root: &Path) -> PathBuf {
    root.join(".workshop").join("kit.toml")
}

/// The kit this clone was set up from, if any.
pub fn recorded(root: &Path) -> Result<Option<Kit>> {
    let path = record(root);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(None);
    };
    toml::from_str(&text)
        .map(Some)
        .with_context(|| format!("{} is not valid", path.display()))
}

/// Remember `kit` for every later command of this clone, with a cargo home of its own
/// under `.workshop/` that points at the kit's crates.
pub fn remember(root: &Path, kit: &Kit) -> Result<Kit> {
    let home = root.join(".workshop").join("kit-cargo-home");
    std::fs::create_dir_all(&home)?;
    let kit = Kit {
        cargo_home: Some(home.clone()),
        ..kit.clone()
    };
    crate::files::write_atomically(
        &home.join("config.toml"),
        kit.cargo_home_config_text().as_bytes(),
    )?;
    let text = toml::to_string(&kit).context("cannot write the kit's record")?;
    crate::files::write_atomically(&record(root), text.as_bytes())?;
    Ok(kit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cargo_config_replaces_crates_io_with_the_vendored_folder() {
        let kit = Kit::at(Path::new("/media/usb/kit"));
        let config: toml::Table = toml::from_str(&kit.cargo_config_text()).unwrap();
        assert_eq!(
            config["source"]["crates-io"]["replace-with"].as_str(),
            Some("workshop-kit")
        );
        assert_eq!(
            config["source"]["workshop-kit"]["directory"].as_str(),
            Some("kit/crates")
        );
        assert_eq!(config["net"]["offline"].as_bool(), Some(true));
        let home: toml::Table = toml::from_str(&kit.cargo_home_config_text()).unwrap();
        assert_eq!(
            home["source"]["workshop-kit"]["directory"].as_str(),
            Some(Path::new("/media/usb/kit").join("crates").to_str().unwrap())
        );
        assert_eq!(home["source"]["crates-io"], config["source"]["crates-io"]);
    }

    #[test]
    fn a_recorded_kit_sends_cargo_to_its_own_home_offline() {
        let kit = Kit {
            cargo_home: Some(PathBuf::from("/w/.workshop/kit-cargo-home")),
            ..Kit::at(Path::new("/kit"))
        };
        let mut command = Command::new("cargo");
        kit.apply(&mut command);
        let envs: Vec<_> = command.get_envs().collect();
        assert!(envs.contains(&(
            std::ffi::OsStr::new("CARGO_HOME"),
            Some(std::ffi::OsStr::new("/w/.workshop/kit-cargo-home"))
        )));
        assert!(envs.contains(&(
            std::ffi::OsStr::new("CARGO_NET_OFFLINE"),
            Some(std::ffi::OsStr::new("true"))
        )));
    }

    #[test]
    fn a_quote_or_backslash_in_the_folder_name_survives_the_cargo_config() {
        let text = toml_string(r#"E:\my "kit"\crates"#);
        let value: toml::Table = toml::from_str(&format!("x = {text}")).unwrap();
        assert_eq!(value["x"].as_str(), Some(r#"E:\my "kit"\crates"#));
    }
}
