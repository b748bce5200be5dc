//! The grading wing: build a crate, run its Rust and pytest suites, decide pass or
//! fail. One path grades everything: a learner's exercise, a reference solution, the
//! live demo.

pub mod build;
pub mod cargo_messages;
pub mod expected;
pub mod libtest;
pub mod pytest_command;
pub mod pytest_records;
pub mod pytest_server;
pub mod pytest_suite;
pub mod rust_suite;
pub mod stages;
pub mod test_results;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError, mpsc};
use std::thread;
use std::time::Duration;

use anyhow::Result;
use serde::Serialize;

use build::BuildPlan;
use cargo_messages::{CompileError, Compiled};
use pytest_server::PytestServer;
use pytest_suite::{PytestRun, WarmPytest};
use test_results::TestCase;

use crate::manifest::{Exercise, Kind, Role, program_variable};
use crate::python_env::Venv;

/// Where grading happens: the learner's `.venv`, or the author's verification venv.
/// A suite that runs longer than this (by default) is stopped: an endless loop.
pub const DEFAULT_LIMIT: Duration = Duration::from_secs(60);

pub struct Grader<'a> {
    pub root: &'a Path,
    pub venv: &'a Venv,
    /// Folder for the runner's builds and scratch files in this setting.
    pub work_dir: PathBuf,
    /// Grade with fewer hypothesis examples (the `quick` profile of conftest.py): a
    /// learner's edit→verdict loop. `verify` grades with the full profile.
    pub quick: bool,
    /// `watch`'s pytest fork server, when there is one (see `pytest_server.rs`).
    pub server: Option<&'a Mutex<PytestServer>>,
    /// How long one suite may run before it is stopped: `--timeout` when given, else
    /// the exercise's own `timeout`, else [`DEFAULT_LIMIT`].
    pub limit: Option<Duration>,
}

#[derive(Debug, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    CompileError {
        first: String,
        count: usize,
    },
    /// The suites ran; `warnings` are the compiler's about the learner's code (not its
    /// dependencies'), rendered, in rustc's order.
    Tested {
        tests: Vec<GradedTest>,
        warnings: Vec<String>,
    },
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct GradedTest {
    #[serde(flatten)]
    pub case: TestCase,
    pub role: Role,
}

/// The counts of one grading: the tests that decide the verdict, and the compiler's
/// warnings about the learner's code.
#[derive(Debug, Default, Clone, Copy, Serialize, serde::Deserialize)]
pub struct Tally {
    pub required: usize,
    pub required_passed: usize,
    pub stretch: usize,
    pub stretch_passed: usize,
    /// (Defaulted: progress files written before warnings were counted lack it.)
    #[serde(default)]
    pub warnings: usize,
}

impl Tally {
    /// Every required test (core and free) passed, and there was at least one.
    pub fn passed(&self) -> bool {
        self.required > 0 && self.required_passed == self.required
    }

    pub fn stretch_done(&self) -> bool {
        self.stretch > 0 && self.stretch_passed == self.stretch
    }
}

impl Verdict {
    pub fn tally(&self) -> Tally {
        let mut tally = Tally::default();
        if let Verdict::Tested { tests, warnings } = self {
            tally.warnings = warnings.len();
            for test in tests {
                let (total, passed) = match test.role {
                    Role::Stretch => (&mut tally.stretch, &mut tally.stretch_passed),
                    Role::Core | Role::Free => (&mut tally.required, &mut tally.required_passed),
                };
                *total += 1;
                *passed += usize::from(test.case.passed());
            }
        }
        tally
    }
}

/// One side of a grading: its suite's cases, and the warnings of the build it ran.
struct SuiteRun {
    cases: Vec<TestCase>,
    warnings: Vec<String>,
}

impl Grader<'_> {
    /// Build the crate in `crate_dir` (the starter or the solution of `exercise`, or
    /// the demo) and run both suites of `tests_dir` against it (a plain Rust crate
    /// has only the Rust one).
    pub fn grade(
        &self,
        exercise: &Exercise,
        crate_dir: &Path,
        tests_dir: &Path,
    ) -> Result<Verdict> {
        let limit = self
            .limit
            .or(exercise.timeout.map(Duration::from_secs))
            .unwrap_or(DEFAULT_LIMIT);
        let plan = BuildPlan {
            crate_dir: crate_dir.to_path_buf(),
            venv: self.venv,
            target_dir: self.work_dir.join("build"),
            test_target_dir: self.work_dir.join("test-build"),
            kit: crate::kit::recorded(self.root).ok().flatten(),
        };
        // The Rust tests are built once the artifact is: on two cores, building both at
        // once (with pytest starting too) slows the artifact, which pytest waits for. A
        // program exercise's one cargo run builds both (see `build_rust_tests`).
        let (artifact_built, artifact_ready) = mpsc::channel::<ForRustSide>();
        let plan = &plan;
        let (artifact_side, rust_side) = thread::scope(|scope| {
            let rust_side = scope.spawn(move || -> Result<Result<SuiteRun, CompileError>> {
                // An error on the other side drops the sender: go ahead regardless.
                let tests = match artifact_ready.recv() {
                    Ok(ForRustSide::Built(tests)) => tests,
                    Ok(ForRustSide::BuildTests) | Err(_) => {
                        plan.build_rust_tests(&[])?.map(|build| build.tests)
                    }
                };
                match tests {
                    Ok(Compiled {
                        output: executables,
                        warnings,
                    }) => {
                        let threads = exercise.test_threads.map_or(1, |threads| threads.get());
                        let mut cases = rust_suite::run(&executables, self.venv, limit, threads)?;
                        let suite_files = crate::files::rust_suite_files(tests_dir);
                        rust_suite::sort_by_source_order(&mut cases, &suite_files);
                        Ok(Ok(SuiteRun { cases, warnings }))
                    }
                    Err(compile_error) => Ok(Err(compile_error)),
                }
            });
            let artifact_side =
                self.build_and_run_pytest(exercise, plan, tests_dir, limit, artifact_built);
            (
                artifact_side,
                rust_side.join().expect("the Rust-suite thread panicked"),
            )
        });

        // Both sides compile the same code, so the artifact's error is as good as any.
        let (rust, pytest) = match (artifact_side?, rust_side?) {
            (Err(CompileError { first, count }), _) | (_, Err(CompileError { first, count })) => {
                return Ok(Verdict::CompileError { first, count });
            }
            (Ok(pytest), Ok(rust)) => (rust, pytest),
        };
        // Both builds compile the learner's code, so a warning usually comes from each.
        let mut warnings = pytest.warnings;
        for warning in rust.warnings {
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
        }
        let tests = rust
            .cases
            .into_iter()
            .chain(pytest.cases)
            .map(|case| GradedTest {
                role: exercise.role_of(&case.name),
                case,
            })
            .collect();
        Ok(Verdict::Tested { tests, warnings })
    }

    fn build_and_run_pytest(
        &self,
        exercise: &Exercise,
        plan: &BuildPlan<'_>,
        tests_dir: &Path,
        limit: Duration,
        built: mpsc::Sender<ForRustSide>,
    ) -> Result<Result<SuiteRun, CompileError>> {
        let mut run = PytestRun {
            root: self.root,
            venv: self.venv,
            tests: tests_dir.to_path_buf(),
            // One report per runner process: a `watch` and a `check` in two terminals
            // must not read each other's results.
            report: self.work_dir.join(format!(
                "pytest-{}-{}.jsonl",
                exercise.name,
                std::process::id()
            )),
            limit,
            // The crate being graded (the starter or the solution): a suite that builds
            // it itself, as the shipping exercise's builds its wheel, must know which.
            env: vec![(
                "WORKSHOP_CRATE".into(),
                plan.crate_dir.clone().into_os_string(),
            )],
        };
        if self.quick {
            run.env
                .push(("WORKSHOP_HYPOTHESIS_PROFILE".into(), "quick".into()));
        }
        // A suite that runs cargo or maturin itself builds offline from the kit too.
        if let Some(kit) = &plan.kit {
            run.env.extend(kit.environment());
        }
        if exercise.kind == Kind::Extension && self.server.is_none() {
            // Python and pytest start while cargo compiles: the suite imports the
            // module only once told to go, after the new build is installed.
            let pytest = run.start()?;
            let installed = plan.build_extension(&exercise.module);
            let _ = built.send(ForRustSide::BuildTests);
            return match installed {
                Ok(Ok(installed)) => Ok(Ok(SuiteRun {
                    cases: pytest.go(&run)?,
                    warnings: installed.warnings,
                })),
                Ok(Err(compile_error)) => {
                    pytest.cancel();
                    Ok(Err(compile_error))
                }
                Err(error) => {
                    pytest.cancel();
                    Err(error)
                }
            };
        }
        let warnings = match exercise.kind {
            Kind::Extension => {
                let installed = plan.build_extension(&exercise.module);
                let _ = built.send(ForRustSide::BuildTests);
                match installed? {
                    Ok(installed) => installed.warnings,
                    Err(compile_error) => return Ok(Err(compile_error)),
                }
            }
            Kind::Program => {
                let programs = exercise.programs();
                // The suites run the programs: they need the paths. The first is also
                // WORKSHOP_PROGRAM, which every program exercise's suite reads. They are
                // known before the build, so pytest starts while cargo compiles.
                let paths: Vec<PathBuf> = programs
                    .iter()
                    .map(|program| plan.program_path(program))
                    .collect();
                set_program_env(&mut run, &programs, &paths);
                let mut pytest = match self.server {
                    None => Some(run.start()?),
                    Some(_) => None,
                };
                let build = match plan.build_rust_tests(&programs) {
                    Ok(Ok(build)) => build,
                    Ok(Err(compile_error)) => {
                        cancel(pytest);
                        let _ = built.send(ForRustSide::Built(Err(compile_error.clone())));
                        return Ok(Err(compile_error));
                    }
                    Err(error) => {
                        cancel(pytest);
                        return Err(error);
                    }
                };
                // The Rust side reports the build's warnings.
                let _ = built.send(ForRustSide::Built(Ok(build.tests)));
                if build.programs != paths {
                    // Cargo put them elsewhere (a `build.target` in the learner's cargo
                    // config, say): pytest starts again, given where they are.
                    cancel(pytest.take());
                    run.env
                        .retain(|(name, _)| !name.starts_with("WORKSHOP_PROGRAM"));
                    set_program_env(&mut run, &programs, &build.programs);
                }
                if let Some(pytest) = pytest {
                    return Ok(Ok(SuiteRun {
                        cases: pytest.go(&run)?,
                        warnings: Vec::new(),
                    }));
                }
                Vec::new()
            }
            // A plain crate has no artifact and no pytest suite: its library is built
            // with its tests, and `cargo test` alone grades it.
            Kind::Rust => {
                let _ = built.send(ForRustSide::BuildTests);
                return Ok(Ok(SuiteRun {
                    cases: Vec::new(),
                    warnings: Vec::new(),
                }));
            }
        };
        if let Some(server) = self.server {
            let mut server = server.lock().unwrap_or_else(PoisonError::into_inner);
            if let Ok(cases) = run.run_in(&mut server) {
                return Ok(Ok(SuiteRun { cases, warnings }));
            }
            // The server failed (something killed it?): start pytest the usual way.
        }
        Ok(Ok(SuiteRun {
            cases: run.run()?,
            warnings,
        }))
    }
}

/// What the artifact's side of a grading hands the Rust side once its build is done.
enum ForRustSide {
    /// Build the Rust tests now.
    BuildTests,
    /// They are built already: a program exercise's one cargo run builds both.
    Built(Result<Compiled<Vec<PathBuf>>, CompileError>),
}

/// The build failed, or went elsewhere: the pytest started for it has nothing to run.
fn cancel(pytest: Option<WarmPytest>) {
    if let Some(pytest) = pytest {
        pytest.cancel();
    }
}

/// Each program's path as `WORKSHOP_PROGRAM_<NAME>`, and the first's as
/// `WORKSHOP_PROGRAM` too, which every program exercise's suite reads.
fn set_program_env(run: &mut PytestRun<'_>, programs: &[&str], paths: &[PathBuf]) {
    for (program, path) in programs.iter().zip(paths) {
        run.env
            .push((program_variable(program), path.clone().into_os_string()));
    }
    if let Some(first) = paths.first() {
        run.env
            .push(("WORKSHOP_PROGRAM".into(), first.clone().into_os_string()));
    }
}
