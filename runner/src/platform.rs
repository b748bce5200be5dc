//! What differs between the systems learners bring: where a venv keeps its programs,
//! how a program file is named, how a command to remove a folder or unset a variable
//! is spelled. Each answer is a function of an explicit [`Os`], so that every arm is
//! unit-tested on whichever system the tests run on; the rest of the runner asks
//! [`Os::current`].

use std::path::{Path, PathBuf};

/// The systems the workshop supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    Linux,
    Macos,
    Windows,
}

impl Os {
    /// The system this runner was built for.
    pub const fn current() -> Os {
        if cfg!(windows) {
            Os::Windows
        } else if cfg!(target_os = "macos") {
            Os::Macos
        } else {
            // Linux, and the other Unixes, which lay things out as Linux does.
            Os::Linux
        }
    }

    pub fn is_windows(self) -> bool {
        self == Os::Windows
    }

    /// The folder of a venv that holds its python and the tools installed into it.
    pub fn venv_programs(self, venv: &Path) -> PathBuf {
        venv.join(if self.is_windows() { "Scripts" } else { "bin" })
    }

    /// The file name of the program `name` (`maturin`, `python`) on this system.
    pub fn program_file(self, name: &str) -> String {
        if self.is_windows() {
            format!("{name}.exe")
        } else {
            name.to_string()
        }
    }

    /// Whether processes can fork (watch's pytest server forks a child per grading).
    pub fn can_fork(self) -> bool {
        !self.is_windows()
    }

    /// The shell command that removes `folder` and everything in it (`folder` as shown).
    pub fn remove_folder_command(self, folder: &str) -> String {
        if self.is_windows() {
            format!("Remove-Item -Recurse -Force {folder}")
        } else {
            format!("rm -rf {folder}")
        }
    }

    /// The shell command that unsets the environment variable `name`.
    pub fn unset_command(self, name: &str) -> String {
        if self.is_windows() {
            format!("Remove-Item Env:{name}")
        } else {
            format!("unset {name}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_venv_keeps_its_programs_in_bin_on_unix_and_in_scripts_on_windows() {
        let venv = Path::new("workshop").join(".venv");
        assert_eq!(Os::Linux.venv_programs(&venv), venv.join("bin"));
        assert_eq!(Os::Macos.venv_programs(&venv), venv.join("bin"));
        assert_eq!(Os::Windows.venv_programs(&venv), venv.join("Scripts"));
    }

    #[test]
    fn programs_end_in_exe_on_windows_only() {
        assert_eq!(Os::Windows.program_file("python"), "python.exe");
        assert_eq!(Os::Linux.program_file("python"), "python");
        assert_eq!(Os::Macos.program_file("uv"), "uv");
    }

    #[test]
    fn commands_are_spelled_for_each_systems_shell() {
        assert_eq!(Os::Linux.remove_folder_command(".venv"), "rm -rf .venv");
        assert_eq!(
            Os::Windows.remove_folder_command(".venv"),
            "Remove-Item -Recurse -Force .venv"
        );
        assert_eq!(Os::Macos.unset_command("PYTHON"), "unset PYTHON");
        assert_eq!(
            Os::Windows.unset_command("PYTHON"),
            "Remove-Item Env:PYTHON"
        );
    }

    #[test]
    fn only_windows_cannot_fork() {
        assert!(Os::Linux.can_fork() && Os::Macos.can_fork());
        assert!(!Os::Windows.can_fork());
    }

    #[test]
    fn the_current_system_is_the_one_built_for() {
        assert_eq!(Os::current().is_windows(), cfg!(windows));
    }
}
