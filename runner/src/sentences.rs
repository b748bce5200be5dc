//! Every sentence a learner reads, in one place: the course's voice is set here, and a
//! rewording or a translation touches this file only. Each function returns the text
//! (styled with `term`); the caller decides where it goes. Sections follow the commands.
//!
//! The style (from the project's STYLE.md): what happened, why, and the next step, in
//! one or two lines, second person, present tense.

use crate::term;

/// The header and verdict of one grading (`learner/view.rs`).
pub mod verdict {
    use super::term;

    pub fn exercise_header(
        position: usize,
        total: usize,
        title: &str,
        name: &str,
        level: &str,
        chapter: &str,
    ) -> String {
        format!(
            "\n{} {}  {}",
            term::bold(&format!("Exercise {position}/{total}:")),
            term::bold(title),
            term::dim(&format!("(exercises/{name}, {level}, chapter {chapter})"))
        )
    }

    pub fn does_not_compile() -> String {
        format!(
            "{} your code does not compile yet. The first error:\n",
            term::red("✗")
        )
    }

    pub fn more_compile_errors(more: usize) -> String {
        term::dim(&format!(
            "(and {more} more; fix the first one first, the others often follow from it)"
        ))
    }

    pub fn suite_title(rust: bool, passed: usize, total: usize) -> String {
        let title = if rust {
            "Rust tests (cargo test)"
        } else {
            "Python tests (pytest)"
        };
        format!(
            "{} {}",
            term::bold(title),
            term::dim(&format!("{passed}/{total} passed"))
        )
    }

    pub fn cases(passed: usize, total: usize) -> String {
        term::dim(&format!(" ({passed}/{total} cases)"))
    }

    pub fn free_label() -> String {
        term::dim(" [free: passes before you write any code]")
    }

    pub fn not_run_label() -> String {
        term::dim(" (not run)")
    }

    pub fn not_run_reason(reason: &str) -> String {
        term::dim(&format!("not run: {reason}"))
    }

    pub fn stretch_label() -> String {
        term::yellow(" [★ stretch]")
    }

    /// `Stage 2/5 config (src/config.rs): 4/6 passed`, over the stage's failing tests.
    pub fn stage_header(
        position: usize,
        total: usize,
        name: &str,
        file: Option<&str>,
        stretch: bool,
        passed: usize,
        tests: usize,
    ) -> String {
        let mark = if tests > 0 && passed == tests {
            term::green("✓")
        } else {
            term::red("✗")
        };
        let file = file.map(|file| format!(" ({file})")).unwrap_or_default();
        let stretch = if stretch {
            stretch_label()
        } else {
            String::new()
        };
        format!(
            "{mark} {}{stretch}: {}",
            term::bold(&format!("Stage {position}/{total} {name}{file}")),
            term::dim(&format!("{passed}/{tests} passed"))
        )
    }

    /// Tests no stage of workshop.toml owns (the author's slip; `verify` refuses it).
    pub fn unstaged_header(passed: usize, tests: usize) -> String {
        format!(
            "{} {}",
            term::bold("Tests of no stage:"),
            term::dim(&format!("{passed}/{tests} passed"))
        )
    }

    /// In `watch`, above the stage to work on now.
    pub fn work_on_stage(position: usize, total: usize, name: &str, file: Option<&str>) -> String {
        match file {
            Some(file) => format!(
                "{} stage {position}/{total}, {name}: write it in {}",
                term::bold("Now:"),
                term::bold(file)
            ),
            None => format!("{} stage {position}/{total}, {name}", term::bold("Now:")),
        }
    }

    /// In `watch`, above the other stages, shown by their counts only.
    pub fn other_stages() -> String {
        term::dim("The other stages (`cargo workshop check` lists their failures):")
    }

    /// After the tests: the failures past the first ten were listed by name only.
    pub fn more_failures(more: usize) -> String {
        let noun = if more == 1 { "failure" } else { "failures" };
        term::dim(&format!(
            "(and {more} more {noun}, listed by name only: their messages show once fewer tests fail)"
        ))
    }

    /// The compiler's warnings about the learner's code; the first one follows.
    pub fn warnings(count: usize) -> String {
        let noun = if count == 1 { "warning" } else { "warnings" };
        format!(
            "{} the compiler has {count} {noun} about your code (the tests ran anyway). The first:\n",
            term::yellow("!")
        )
    }

    pub fn more_warnings(more: usize) -> String {
        term::dim(&format!(
            "(and {more} more: fix this one and the next is shown)"
        ))
    }

    pub fn more_lines(more: usize) -> String {
        format!("… ({more} more lines)")
    }

    /// A `todo!()` still in place, in one line: the expected state of a fresh
    /// exercise, not an error. `place` is `src/lib.rs:21:5`, `detail` the todo's text.
    pub fn unfinished_todo(place: Option<&str>, detail: &str) -> String {
        let place = place
            .map(|place| format!(" at {place}"))
            .unwrap_or_default();
        let detail = if detail.is_empty() {
            String::new()
        } else {
            format!(" ({detail})")
        };
        format!("still a todo!(){place}: replace it with your code{detail}")
    }
}

/// What to do next, after a verdict (`learner/session.rs`).
pub mod next_step {
    use super::term;

    pub fn done(name: &str, required: usize, every_stretch_too: bool) -> String {
        let star = if every_stretch_too {
            " ★ and every stretch test too!"
        } else {
            ""
        };
        format!(
            "{} {name}: all {required} required tests pass.{star}",
            term::green("Done!")
        )
    }

    pub fn bonus(passed: usize, total: usize) -> String {
        format!("Bonus: {passed}/{total} stretch tests pass; they earn a second star.")
    }

    pub fn next_exercise(title: &str, chapter: &str, name: &str) -> String {
        format!("Next: {title} (chapter {chapter}): run `cargo workshop check {name}`.")
    }

    pub fn last_exercise() -> String {
        "That was the last exercise. Congratulations!".into()
    }

    pub fn fix_compile_error(name: &str) -> String {
        format!(
            "Next: fix the error in exercises/{name}/src/, then run `cargo workshop check {name}` again."
        )
    }

    /// `not_run`: required tests that never reported (a crash, an exit, a time limit).
    pub fn keep_going(name: &str, passed: usize, required: usize, not_run: usize) -> String {
        let not_run = did_not_run(not_run);
        format!(
            "{passed} of {required} required tests pass{not_run}. Next: edit exercises/{name}/src/, then run \
             `cargo workshop check {name}` (or leave `cargo workshop watch` running). \
             Stuck? `cargo workshop hint {name}`."
        )
    }

    /// ` (2 did not run: see why above)`, or nothing when every test reported.
    fn did_not_run(count: usize) -> String {
        match count {
            0 => String::new(),
            count => format!(" ({count} did not run: see why above)"),
        }
    }

    /// The same next steps inside `watch`, which grades on every save: they name its
    /// keys, not commands (the learner's terminal is busy watching).
    pub mod in_watch {
        /// `moves_on`: plain `watch` goes to the next exercise by itself; `watch EX`
        /// waits for `n`.
        pub fn next_exercise(title: &str, chapter: &str, moves_on: bool) -> String {
            if moves_on {
                format!("Next: {title} (chapter {chapter}); watch moves on to it now.")
            } else {
                format!("Next: {title} (chapter {chapter}): [n] moves on to it when you are ready.")
            }
        }

        pub fn fix_compile_error(name: &str) -> String {
            format!(
                "Next: fix the error in exercises/{name}/src/ and save; watch re-grades. [h] for a hint."
            )
        }

        pub fn keep_going(name: &str, passed: usize, required: usize, not_run: usize) -> String {
            let not_run = super::did_not_run(not_run);
            format!(
                "{passed} of {required} required tests pass{not_run}. Next: save your edits to \
                 exercises/{name}/src/ and watch re-grades; [h] for a hint."
            )
        }
    }
}

/// `cargo workshop`, `setup`, `list` and `hint` (`learner/session.rs`).
pub mod session {
    use super::term;

    pub fn welcome(progress_bar: &str) -> String {
        format!("{} {progress_bar}", term::bold("Rust for Pythonistas"))
    }

    pub fn set_up() -> String {
        format!(
            "{} .venv is ready. Start with `cargo workshop`.",
            term::green("Set up:")
        )
    }

    pub fn list_title(progress_bar: &str) -> String {
        format!("{} {progress_bar}", term::bold("Exercises"))
    }

    /// The status column of `list`, six characters wide.
    pub fn status(solved_by_solve: bool, done: bool, stretch_done: bool, current: bool) -> String {
        if solved_by_solve {
            term::green("solved")
        } else if stretch_done {
            term::green("done ★")
        } else if done {
            term::green("done  ")
        } else if current {
            term::yellow("next  ")
        } else {
            term::dim("todo  ")
        }
    }

    pub fn hint_title(name: &str, level: usize, total: usize) -> String {
        format!("{} {name} ({level}/{total})", term::bold("Hint for"))
    }

    pub fn more_hints() -> String {
        term::dim("Still stuck? Ask again for a more specific hint.")
    }

    pub fn last_hint(name: &str) -> String {
        term::dim(&format!(
            "That was the last hint. Compare with solutions/{name} or catch up with `cargo workshop solve {name}`."
        ))
    }
}

/// `cargo workshop watch` (`learner/watch.rs`).
pub mod watch {
    use super::term;

    pub fn polling() -> String {
        term::dim("Watching by polling every 0.5 s.")
    }

    pub fn moving_on(name: &str, chapter: &str) -> String {
        term::green(&format!("Moving on to {name} ({chapter})."))
    }

    pub fn progress(progress_bar: &str) -> String {
        format!("\n{} {progress_bar}", term::bold("Progress"))
    }

    pub fn keys() -> String {
        term::dim(
            "Watching for saves. Keys (then Enter): [n] next  [h] hint  [l] list  [r] reset  [q] quit",
        )
    }

    pub fn not_done_yet(name: &str) -> String {
        format!("{name} is not done yet: its required tests must pass first.")
    }

    pub fn last_one(name: &str) -> String {
        format!("{name} is the last exercise: there is no next one to move on to.")
    }

    pub fn confirm_reset(name: &str) -> String {
        format!("Reset exercises/{name} to its starter? Your files are backed up first. [y/N]")
    }

    pub fn reset_cancelled(name: &str) -> String {
        format!("Not reset: exercises/{name} is as you left it.")
    }

    pub fn unknown_key(key: &str) -> String {
        format!("Unknown key `{key}`. {}", keys())
    }
}

/// Building and installing (`grade/build.rs`, `python_env.rs`).
pub mod setting_up {
    pub fn waiting_for_another_build() -> String {
        "Waiting for another `cargo workshop` (a `watch` in another terminal?) to finish its build"
            .into()
    }

    pub fn maturin_failed(said: &str) -> String {
        format!("`maturin develop` failed:\n{said}")
    }

    pub fn test_build_failed(said: &str) -> String {
        format!("`cargo test --no-run` failed:\n{said}")
    }

    pub fn library_not_found(module: &str, venv: &str, said: &str) -> String {
        format!(
            "maturin installed `{module}`, but its shared library cannot be found in {venv}:\n{said}"
        )
    }

    pub fn venv_failed(python: &str, venv: &str, said: &str) -> String {
        format!("`{python} -m venv {venv}` failed: {said}")
    }

    pub fn install_failed(command: &str, ending: &str) -> String {
        format!("`{command}` failed ({ending}; see its output above)")
    }

    pub fn lock_out_of_date(differs: &str) -> String {
        format!(
            "The lock in requirements/ was made from another pyproject.toml ({differs} changed since). \
             Refresh it with `cargo workshop lock`, then commit uv.lock and requirements/."
        )
    }

    pub fn never_locked() -> String {
        "This workshop has no lock yet (requirements/locked-from.toml is missing). \
         Make it with `cargo workshop lock`, then commit uv.lock and requirements/."
            .into()
    }

    pub fn group_not_locked(group: &str) -> String {
        format!(
            "pyproject.toml has no dependency group `{group}`, or requirements/{group}.txt is missing: \
             run `cargo workshop lock`"
        )
    }

    pub fn locking(uv: &str) -> String {
        format!("Locking pyproject.toml's dependency groups with {uv}")
    }

    pub fn exported(group: &str, file: &str, pins: usize) -> String {
        format!("  {group}: {pins} pinned packages, with their hashes, in {file}")
    }

    pub fn getting_uv(version: &str, folder: &str) -> String {
        format!("Installing uv {version}, which makes the lock, into {folder}")
    }

    pub fn lock_is_current() -> String {
        "uv.lock and requirements/ match pyproject.toml.".into()
    }

    pub fn installing_module(module: &str) -> String {
        format!(
            "Installing `{module}` with maturin (the very first build also compiles pyo3: about 20 s)"
        )
    }

    pub fn creating_venv(venv: &str, command: &str, version: &str) -> String {
        format!("Creating the Python environment {venv} with {command} ({version})")
    }

    pub fn installing_group(group: &str, venv: &str, requirements: &str) -> String {
        format!(
            "Installing the `{group}` tools into {venv}: {requirements} (this takes a little while, once)"
        )
    }
}

/// The offline kit (`learner/offline.rs`).
pub mod kit {
    pub fn downloading_group(group: &str) -> String {
        format!("Downloading the wheels of the `{group}` group")
    }

    pub fn vendoring(folder: &str) -> String {
        format!("Copying the source of every crate the workshop builds into {folder}")
    }

    pub fn downloaded(folder: &str) -> String {
        format!(
            "The kit is in {folder}. On a machine of the same system and Python version, \
             with no network: `cargo --config {folder}/cargo-config.toml workshop setup --offline {folder}`"
        )
    }

    pub fn run_with_the_kit(config: &str) -> String {
        format!(
            "Without network, cargo finds the workshop's crates only through the kit: run every \
             command as `cargo --config {config} workshop …`"
        )
    }

    pub fn no_kit(folder: &str) -> String {
        format!(
            "{folder} is no workshop kit (it has no wheels/ or cargo-config.toml): \
             make one with `cargo workshop setup --download {folder}` on a machine with network"
        )
    }

    pub fn step_failed(what: &str, said: &str) -> String {
        format!("`{what}` failed: {said}")
    }
}

/// `cargo workshop bench` (`learner/bench.rs`).
pub mod bench {
    pub fn building_yours(name: &str) -> String {
        format!(
            "Building your {name} in release mode (the first time compiles pyo3 again: a minute or two)"
        )
    }

    pub fn yours_did_not_build(name: &str, problem: &str) -> String {
        format!(
            "your {name} did not build in release mode: {problem}\n\
             Run `cargo workshop check {name}` to see what to fix."
        )
    }

    pub fn building_reference() -> String {
        "Building the reference for comparison, in release mode".into()
    }

    pub fn timing(module: &str) -> String {
        format!(
            "Timing your `{module}` module against pure Python, numpy and the reference (a minute or two)"
        )
    }

    pub fn no_benchmark(name: &str, with_benchmarks: &str) -> String {
        format!("{name} has no benchmark; these do: {with_benchmarks}")
    }

    pub fn no_exercise_has_one() -> String {
        "no exercise in workshop.toml has a `bench`".into()
    }

    pub fn release_build_failed(said: &str) -> String {
        format!("`maturin develop --release` failed:\n{said}")
    }

    pub fn reference_did_not_build() -> String {
        "the reference did not build".into()
    }

    pub fn compare_with_book(title: &str, chapter: &str) -> String {
        format!(
            "The chapter \"{title}\" (chapters/{chapter}.md) shows the author's run of the same harness, for comparison."
        )
    }

    pub fn no_chart(path: &str, problem: &str) -> String {
        format!("(no chart: {path} could not be read: {problem})")
    }
}

/// The chart that `cargo workshop bench` draws (`learner/chart.rs`).
pub mod chart {
    pub fn ratio_legend(baseline: &str) -> String {
        format!("(the ratio after each time: that time / the time of {baseline})")
    }

    pub fn log_scale() -> String {
        " (bars on a log scale: the times differ a lot)".into()
    }
}

/// An error that ends a command: `error: …` on stderr (`main.rs`).
pub fn error(error: &anyhow::Error) -> String {
    format!("{} {error:#}", term::red("error:"))
}

/// The Python environment: what is wrong with an interpreter or `.venv`, as a clause,
/// and the fix (`python_env.rs`, also shown by `doctor`).
pub mod environment {
    /// `--python X` or `PYTHON=X`, as the learner wrote it.
    pub fn named_as(command: &str, by_flag: bool) -> String {
        if by_flag {
            format!("`--python {command}`")
        } else {
            format!("`PYTHON={command}`")
        }
    }

    pub fn names_nothing(named: &str) -> String {
        format!("{named} names no program that exists")
    }

    pub fn not_python(named: &str) -> String {
        format!("{named} names a program that does not run as Python")
    }

    pub fn too_old(named: &str, version: &str) -> String {
        format!("{named} is Python {version}; the workshop needs 3.10 or newer")
    }

    pub fn cannot_make_venvs(command: &str, version: &str) -> String {
        format!("{command} (Python {version}) cannot make venvs: `import venv, ensurepip` fails")
    }

    pub fn none_on_path() -> String {
        "found no Python 3.10 or newer on PATH".into()
    }

    pub fn install_venv_module() -> String {
        "sudo apt install python3-venv   (other systems: the installer from \
         https://www.python.org/downloads/ includes venv)"
            .into()
    }

    pub fn install_python() -> String {
        "install Python 3.10+ from https://www.python.org/downloads/, or name one: \
         `cargo workshop --python /path/to/python3`"
            .into()
    }

    /// How to name a better Python the way the learner named this one, or stop naming it.
    pub fn name_another(by_flag: bool, unset: &str) -> String {
        let another = "a Python 3.10 or newer (a name on PATH such as python3.12, or a full path)";
        if by_flag {
            format!("give `--python` {another}, or leave `--python` out")
        } else {
            format!("point PYTHON at {another}, or unset it: `{unset}`")
        }
    }

    pub fn venv_without_python() -> String {
        "it has a pyvenv.cfg but no python".into()
    }

    pub fn venv_python_gone(target: &str, version: Option<&str>) -> String {
        let version = version.map_or(String::new(), |version| format!(" (Python {version})"));
        format!(
            "its python links to {target}{version}, which no longer exists \
             (was that Python upgraded or uninstalled?)"
        )
    }

    pub fn venv_python_changed(made: &str, now: &str) -> String {
        format!("it was made with Python {made}, but its python is now {now}")
    }

    pub fn venv_python_does_not_start() -> String {
        "its python does not start".into()
    }

    pub fn venv_too_old(version: &str) -> String {
        format!("it was made with Python {version}; the workshop needs 3.10 or newer")
    }

    /// `remove` is the command that deletes the venv; `then` the step that remakes it.
    pub fn recreate(remove: &str, then: &str) -> String {
        format!(
            "make it anew: `{remove}`, then {then} (to choose its Python: add `--python /path/to/python3`)"
        )
    }

    pub fn venv_unusable(venv: &str, why: &str, fix: &str) -> String {
        format!("{venv} cannot be used: {why}\nfix: {fix}")
    }

    pub fn with_fix(problem: &str, fix: &str) -> String {
        format!("{problem}\nfix: {fix}")
    }
}

/// `cargo workshop doctor` (`learner/doctor.rs`): each check's detail and fix.
pub mod doctor {
    use super::term;

    pub fn get_rust() -> String {
        "install Rust from https://rustup.rs".into()
    }

    pub fn not_found() -> String {
        "not found".into()
    }

    pub fn rustc_too_old(version: &str, oldest: &str) -> String {
        format!("{version} is older than {oldest}")
    }

    pub fn update_rust() -> String {
        "rustup update stable".into()
    }

    pub fn venv_not_created() -> String {
        "not created yet".into()
    }

    pub fn make_venv() -> String {
        "cargo workshop".into()
    }

    pub fn venv_ready(dir: &str, version: Option<&str>) -> String {
        match version {
            Some(version) => format!("{dir} (Python {version})"),
            None => dir.to_string(),
        }
    }

    pub fn tool_missing() -> String {
        "missing from .venv".into()
    }

    pub fn reinstall_tools() -> String {
        "cargo workshop (reinstalls the dev tools)".into()
    }

    pub fn dspy_missing() -> String {
        "not installed (only the DSPy exercise needs it)".into()
    }

    pub fn install_dspy(exercise: &str) -> String {
        format!("cargo workshop check {exercise} (installs it)")
    }

    pub fn redis_missing() -> String {
        "not installed (only the task-queue exercise needs it)".into()
    }

    /// The install command for this system.
    pub fn install_redis() -> String {
        if cfg!(target_os = "macos") {
            "brew install redis".into()
        } else if cfg!(windows) {
            "run the workshop in WSL and `sudo apt install redis-server` there, or install \
             Memurai (a Redis for Windows)"
                .into()
        } else {
            "sudo apt install redis-server   (Fedora: sudo dnf install redis)".into()
        }
    }

    pub fn mdbook_missing() -> String {
        "not installed (only the book needs it)".into()
    }

    pub fn install_mdbook() -> String {
        "cargo workshop book (installs the version workshop.toml names)".into()
    }

    pub fn headers_found() -> String {
        "Python.h found".into()
    }

    pub fn headers_missing() -> String {
        "Python.h not found (PyO3 does not need it; packages with C code do)".into()
    }

    pub fn install_headers() -> String {
        "sudo apt install python3-dev   (Fedora: sudo dnf install python3-devel)".into()
    }

    pub fn shared_libpython(path: &str) -> String {
        format!("shared: {path}")
    }

    pub fn static_libpython() -> String {
        "this Python has no shared libpython; the Rust tests and the DSPy exercise link it \
         statically, which works but builds slower"
            .into()
    }

    pub fn get_shared_libpython() -> String {
        "pyenv: PYTHON_CONFIGURE_OPTS=--enable-shared pyenv install 3.11   \
         (Debian: sudo apt install libpython3-dev)"
            .into()
    }

    pub fn cannot_ask_python() -> String {
        "could not ask Python about libpython".into()
    }

    pub fn name_a_python() -> String {
        "cargo workshop doctor --python /path/to/python3".into()
    }

    pub fn fix_line(fix: &str) -> String {
        format!("fix: {}", term::bold(fix))
    }

    pub fn healthy() -> String {
        term::green("Everything the workshop needs is here.")
    }

    pub fn unhealthy() -> String {
        term::red("Fix the ✗ lines above, then run `cargo workshop doctor` again.")
    }
}

/// `reset` and `solve` (`learner/backup.rs`).
pub mod backup {
    use super::term;

    pub fn nothing_to_back_up(folder: &str) -> String {
        format!("{folder} does not exist: there is nothing to back up.")
    }

    pub fn could_not_back_up(what: &str) -> String {
        format!("could not back up {what}; nothing was changed")
    }

    /// `Left alone: exercises/05_factorial/src/notes: a named pipe (FIFO), not a file; …`
    pub fn left_alone(path: &str, reason: &str, consequence: &str) -> String {
        format!(
            "{} {path}: {reason}; {consequence}.",
            term::yellow("Left alone:")
        )
    }

    pub fn not_in_the_backup() -> String {
        "it is not in the backup".into()
    }

    pub fn not_copied() -> String {
        "it is not copied".into()
    }

    pub fn copy_it_yourself(from: &str) -> String {
        format!("solve leaves it as it is (copy {from} in yourself if you want it)")
    }

    pub fn backed_up_in(backup: &str) -> String {
        format!("your files are backed up in {backup}")
    }

    pub fn no_files_to_back_up() -> String {
        "there were no files to back up".into()
    }

    pub fn no_backup() -> String {
        "no backup (there was nothing to keep)".into()
    }

    pub fn git_restore_failed(said: &str, kept: &str) -> String {
        format!("`git restore` failed: {said} ({kept})")
    }

    pub fn restored_but_progress_kept(folder: &str) -> String {
        format!("{folder} is restored, but its progress was not cleared")
    }

    pub fn reset(folder: &str, source: &str) -> String {
        format!(
            "{} {folder} is back to its starter (from git {source}); its progress is cleared: \
             not done, no stars, hints from the first again.",
            term::green("Reset:")
        )
    }

    /// Tests read the backup's folder from this line: keep its opening words.
    pub fn previous_files(backup: &str) -> String {
        format!("Your previous files are in {backup}")
    }

    pub fn reset_before_solving(name: &str) -> String {
        format!(
            "exercises/{name} does not exist; bring it back with `cargo workshop reset {name}`, then solve it"
        )
    }

    pub fn no_solution_files(from: &str) -> String {
        format!("{from} holds no solution files; nothing was copied")
    }

    pub fn copy_failed(kept: &str) -> String {
        format!("copying the solution failed; your files are in {kept}")
    }

    pub fn solved_in_part(copied: usize, total: usize, folder: &str) -> String {
        format!(
            "{} {copied} of {total} solution files copied into {folder}; the exercise is not marked solved.",
            term::yellow("Solved in part:")
        )
    }

    pub fn solved(folder: &str) -> String {
        format!(
            "{} {folder} now holds the reference solution.",
            term::green("Solved:")
        )
    }

    pub fn solved_but_progress_not_saved() -> String {
        "the solution is in place, but progress was not saved".into()
    }

    pub fn reset_needs_git() -> String {
        "`reset` restores starters with git, which is not installed; `solve` works without it"
            .into()
    }
}

/// Why a file was left alone by a backup, `reset` or `solve` (`files.rs`).
pub mod files {
    pub fn link_outside(target: &str) -> String {
        format!("a link to {target}, outside the repository")
    }

    pub fn broken_link(target: &str) -> String {
        format!("a link to {target}, which does not exist")
    }

    pub fn link_to_folder(target: &str) -> String {
        format!("a link to the folder {target}")
    }

    pub fn link(target: &str) -> String {
        format!("a link to {target}")
    }

    /// `kind` is "a named pipe (FIFO)", "a socket", "a device".
    pub fn special(kind: &str) -> String {
        format!("{kind}, not a file")
    }

    pub fn folder() -> String {
        "a folder, not a file".into()
    }

    pub fn not_a_folder() -> String {
        "below a file that stands where a folder should be".into()
    }
}

/// The progress file (`learner/progress.rs`).
pub mod progress {
    use super::term;

    pub fn showing_none(problem: &str) -> String {
        format!(
            "{} {problem}; showing no progress for now.",
            term::yellow("warning:")
        )
    }

    pub fn lock_held(lock: &str, seconds: u64) -> String {
        format!(
            "another `cargo workshop` has held {lock} for {seconds} s; if one is stopped (Ctrl-Z), \
             resume or end it, then try again"
        )
    }

    pub fn cannot_lock(lock: &str, error: &str) -> String {
        format!(
            "{} cannot lock {lock} ({error}); saving progress without the lock.",
            term::yellow("warning:")
        )
    }

    pub fn cannot_set_aside(file: &str, problem: &str) -> String {
        format!("{file} could not be read ({problem}) nor moved aside; move it away yourself")
    }

    pub fn set_aside(file: &str, problem: &str, aside: &str) -> String {
        format!(
            "{} {file} could not be read ({problem}); it is kept as {aside} and progress starts \
             afresh (your exercise files are untouched).",
            term::yellow("warning:")
        )
    }

    pub fn not_utf8(error: &str) -> String {
        format!("it is not UTF-8 text: {error}")
    }
}

/// Why a test failed or never ran when its process stopped early (`grade/expected.rs`,
/// `process.rs`).
pub mod stopped {
    /// How a process that a signal ended ended: `aborted (SIGABRT)`.
    pub fn signal(number: Option<i32>) -> String {
        match number {
            Some(6) => "aborted (SIGABRT)".into(),
            Some(9) => "killed (SIGKILL)".into(),
            Some(11) => "segmentation fault (SIGSEGV)".into(),
            Some(signal) => format!("killed by signal {signal}"),
            None => "ended abnormally".into(),
        }
    }

    pub fn crash_with_cause(crash: &str, cause: &str) -> String {
        format!("{crash}, most likely from {cause}")
    }

    pub fn stack_overflow() -> &'static str {
        "a stack overflow (does a function call itself without end?)"
    }

    pub fn out_of_memory() -> &'static str {
        "running out of memory (does something grow without end?)"
    }

    pub fn killed_by_the_system() -> &'static str {
        "running out of memory (the system kills a process that takes too much)"
    }

    pub fn exited_during_this_test(code: i32) -> String {
        format!(
            "the test process exited (status {code}) in the middle of this test, so the \
             tests after it could not run: does the code call `std::process::exit`?"
        )
    }

    pub fn crashed(how: &str) -> String {
        format!("the test process crashed: {how}")
    }

    pub fn still_running(seconds: u64) -> String {
        format!("still running after {seconds} s, so it was stopped: is there an endless loop?")
    }

    /// `place` is "during", "in" or "at"; `running` the test that was running, if known.
    fn at(place: &str, running: Option<&str>) -> String {
        match running {
            Some(test) => format!("{place} {test}"),
            None => "before this test ran".into(),
        }
    }

    pub fn not_run_after_exit(code: i32, running: Option<&str>) -> String {
        format!(
            "the test process exited with status {code} {}",
            at("during", running)
        )
    }

    pub fn not_run_after_crash(running: Option<&str>) -> String {
        format!("the test process crashed {}", at("in", running))
    }

    /// `threads` tests of the binary ran at once, so libtest could not say which ran.
    pub fn unfinished_among_several(seconds: u64, threads: &str) -> String {
        format!(
            "not finished when the time limit ({seconds} s) stopped the suite; its tests run \
             {threads} at a time, so this one may be the one that hangs: is there an endless loop?"
        )
    }

    pub fn not_run_after_time_limit(seconds: u64, running: Option<&str>) -> String {
        format!(
            "the time limit ({seconds} s) stopped the suite {}",
            at("at", running)
        )
    }
}

/// The book and its tool (`learner/book.rs`, `mdbook.rs`).
pub mod book {
    pub fn building(mdbook: &str) -> String {
        format!("Building the book with {mdbook} …")
    }

    pub fn build_failed(ending: &str) -> String {
        format!("`mdbook build book` failed ({ending}); its messages are above")
    }

    pub fn built_in(folder: &str) -> String {
        format!("The book is in {folder}")
    }

    pub fn serving(port: u16) -> String {
        format!(
            "Serving the book at http://localhost:{port}/ (it reloads when a chapter or included \
             code changes; Ctrl-C stops it)"
        )
    }

    pub fn serve_stopped(ending: &str, port: u16) -> String {
        format!("`mdbook serve book` stopped ({ending}); is port {port} already in use?")
    }

    pub fn other_mdbook(found: &str, wanted: &str) -> String {
        format!("Found mdBook {found}, but this book needs mdBook {wanted}.")
    }

    /// `into` is " into <folder>" when mdBook goes beside the reader's own, else empty.
    pub fn installing_mdbook(wanted: &str, into: &str) -> String {
        format!(
            "Installing mdBook {wanted} with `cargo install --locked`{into}. \
             This compiles it from source and takes a few minutes, once."
        )
    }

    pub fn no_cargo() -> String {
        "could not run `cargo install`; is cargo on your PATH?".into()
    }

    pub fn install_failed(ending: &str, wanted: &str) -> String {
        format!(
            "installing mdBook failed ({ending}). Try it yourself: \
             cargo install mdbook --version {wanted} --locked"
        )
    }

    pub fn installed_but_broken(path: &str) -> String {
        format!("mdBook was installed but {path} does not run; check the messages above")
    }
}

/// The command line itself (`main.rs`).
pub mod command_line {
    pub fn say_json() -> String {
        "say `--json`: `cargo workshop report --json` (for people, `cargo workshop list`)".into()
    }

    pub fn no_workshop_here() -> String {
        "no workshop.toml here or above: run `cargo workshop` inside the workshop's folder".into()
    }
}
