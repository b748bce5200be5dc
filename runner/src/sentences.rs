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

    pub fn stretch_label() -> String {
        term::yellow(" [★ stretch]")
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

    pub fn keep_going(name: &str, passed: usize, required: usize) -> String {
        format!(
            "{passed} of {required} required tests pass. Next: edit exercises/{name}/src/, then run \
             `cargo workshop check {name}` (or leave `cargo workshop watch` running). \
             Stuck? `cargo workshop hint {name}`."
        )
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
    pub fn status(done: bool, stretch_done: bool, current: bool) -> String {
        if stretch_done {
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

    pub fn unknown_key(key: &str) -> String {
        format!("Unknown key `{key}`. {}", keys())
    }
}

/// Building and installing (`grade/build.rs`, `python_env.rs`).
pub mod setting_up {
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

    pub fn compare_with_book(title: &str, chapter: &str) -> String {
        format!(
            "The chapter \"{title}\" (chapters/{chapter}.md) shows the author's run of the same harness, for comparison."
        )
    }
}

/// An error that ends a command: `error: …` on stderr (`main.rs`).
pub fn error(error: &anyhow::Error) -> String {
    format!("{} {error:#}", term::red("error:"))
}
