//! An exercise's stages applied to one grading: the graded tests sorted into the stages
//! that own them, in course order, and which stage is the learner's next. Grading is
//! untouched: every stage is graded at once, and the verdict still counts every test.

use serde::Serialize;

use crate::grade::GradedTest;
use crate::manifest::{Exercise, Stage};

/// One stage's tests in a grading, in the order the suites gave them.
#[derive(Debug)]
pub struct StageResult<'a> {
    /// Where the stage is in the course's order, from 0.
    pub index: usize,
    pub stage: &'a Stage,
    pub tests: Vec<&'a GradedTest>,
    /// Every test of it is a stretch test: not needed to pass the exercise.
    pub stretch: bool,
}

impl StageResult<'_> {
    pub fn passed(&self) -> usize {
        self.tests.iter().filter(|test| test.case.passed()).count()
    }

    /// Done: it has tests and every one passed (a test that did not run has not).
    pub fn finished(&self) -> bool {
        !self.tests.is_empty() && self.passed() == self.tests.len()
    }
}

/// The tests of a grading by stage, and the tests no stage owns (none once `verify`
/// holds, but a learner's grading must never lose a test).
pub struct Grouped<'a> {
    pub stages: Vec<StageResult<'a>>,
    pub unstaged: Vec<&'a GradedTest>,
}

pub fn group<'a>(exercise: &'a Exercise, tests: &'a [GradedTest]) -> Grouped<'a> {
    let mut stages: Vec<StageResult<'a>> = exercise
        .stages
        .iter()
        .enumerate()
        .map(|(index, stage)| StageResult {
            index,
            stage,
            tests: Vec::new(),
            stretch: false,
        })
        .collect();
    let mut unstaged = Vec::new();
    for test in tests {
        match exercise.stage_of(&test.case.name) {
            Some(index) => stages[index].tests.push(test),
            None => unstaged.push(test),
        }
    }
    for result in &mut stages {
        result.stretch =
            exercise.is_stretch_stage(result.tests.iter().map(|test| test.case.name.as_str()));
    }
    Grouped { stages, unstaged }
}

impl Grouped<'_> {
    /// Where to work next: the first core stage not finished, else the first stretch
    /// stage not finished; `None` when every stage is done.
    pub fn next(&self) -> Option<&StageResult<'_>> {
        let unfinished = |stretch: bool| {
            self.stages
                .iter()
                .find(|result| result.stretch == stretch && !result.finished())
        };
        unfinished(false).or_else(|| unfinished(true))
    }
}

/// One stage in `report --json`.
#[derive(Debug, Serialize)]
pub struct StageSummary {
    pub name: String,
    pub file: Option<String>,
    pub stretch: bool,
    pub tests: usize,
    pub passed: usize,
}

pub fn summaries(exercise: &Exercise, tests: &[GradedTest]) -> Vec<StageSummary> {
    group(exercise, tests)
        .stages
        .iter()
        .map(|result| StageSummary {
            name: result.stage.name.clone(),
            file: result.stage.file.clone(),
            stretch: result.stretch,
            tests: result.tests.len(),
            passed: result.passed(),
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::grade::test_results::{Outcome, Suite, TestCase};

    /// An exercise with three stages, the last of them stretch.
    pub(crate) fn staged_exercise() -> Exercise {
        toml::from_str(
            r#"name = "11_x"
               title = "t"
               chapter = "c"
               level = "advanced"
               kind = "program"
               module = "m"
               stretch = ["test_batch_*"]
               hints = ["one", "two"]

               [[stage]]
               name = "config"
               file = "src/config.rs"
               tests = ["config_*", "test_config_*"]

               [[stage]]
               name = "ask"
               tests = ["ask_*", "test_ask_*"]

               [[stage]]
               name = "batch"
               file = "src/main.rs"
               tests = ["test_batch_*"]"#,
        )
        .unwrap()
    }

    pub(crate) fn graded(
        exercise: &Exercise,
        suite: Suite,
        name: &str,
        passed: bool,
    ) -> GradedTest {
        GradedTest {
            case: TestCase {
                suite,
                name: name.into(),
                outcome: if passed {
                    Outcome::Passed
                } else {
                    Outcome::Failed
                },
                instances: 1,
                instances_passed: usize::from(passed),
                message: String::new(),
                reason: None,
            },
            role: exercise.role_of(name),
        }
    }

    fn names<'a>(result: &StageResult<'a>) -> Vec<&'a str> {
        result
            .tests
            .iter()
            .map(|test| test.case.name.as_str())
            .collect()
    }

    #[test]
    fn stages_are_parsed_in_course_order() {
        let exercise = staged_exercise();
        let stages: Vec<(&str, Option<&str>)> = exercise
            .stages
            .iter()
            .map(|stage| (stage.name.as_str(), stage.file.as_deref()))
            .collect();
        assert_eq!(
            stages,
            [
                ("config", Some("src/config.rs")),
                ("ask", None),
                ("batch", Some("src/main.rs"))
            ]
        );
        assert_eq!(exercise.stage_of("config_reads_every_field"), Some(0));
        assert_eq!(exercise.stage_of("test_ask_prints"), Some(1));
        assert_eq!(exercise.stage_of("test_batch_in_order"), Some(2));
        assert_eq!(exercise.stage_of("find_venv_works"), None);
    }

    #[test]
    fn an_unknown_stage_field_is_refused() {
        let text = r#"name = "x"
            title = "t"
            chapter = "c"
            level = "l"
            kind = "program"
            module = "m"
            hints = ["one"]
            [[stage]]
            name = "a"
            test = ["a_*"]"#;
        assert!(toml::from_str::<Exercise>(text).is_err());
    }

    #[test]
    fn tests_go_to_their_stage_in_stage_order_whatever_the_suite_order() {
        let exercise = staged_exercise();
        // As the grader gives them: the Rust suite first, then pytest.
        let tests = vec![
            graded(&exercise, Suite::Rust, "ask_returns", false),
            graded(&exercise, Suite::Rust, "config_reads", true),
            graded(&exercise, Suite::Pytest, "test_batch_in_order", false),
            graded(&exercise, Suite::Pytest, "test_config_named", false),
            graded(&exercise, Suite::Pytest, "test_stray", false),
        ];
        let grouped = group(&exercise, &tests);
        let staged: Vec<Vec<&str>> = grouped.stages.iter().map(names).collect();
        assert_eq!(
            staged,
            [
                vec!["config_reads", "test_config_named"],
                vec!["ask_returns"],
                vec!["test_batch_in_order"],
            ]
        );
        let stretch: Vec<bool> = grouped.stages.iter().map(|result| result.stretch).collect();
        assert_eq!(stretch, [false, false, true]);
        assert_eq!(grouped.unstaged.len(), 1, "a test of no stage is kept");
        assert_eq!(grouped.stages[0].passed(), 1);
    }

    #[test]
    fn the_next_stage_is_the_first_unfinished_core_one_then_stretch() {
        let exercise = staged_exercise();
        let grading = |config: bool, ask: bool, batch: bool| {
            vec![
                graded(&exercise, Suite::Rust, "config_reads", config),
                graded(&exercise, Suite::Rust, "ask_returns", ask),
                graded(&exercise, Suite::Pytest, "test_batch_in_order", batch),
            ]
        };
        let next = |tests: &[GradedTest]| {
            group(&exercise, tests)
                .next()
                .map(|result| result.stage.name.clone())
        };
        assert_eq!(
            next(&grading(false, false, false)).as_deref(),
            Some("config")
        );
        // A later stage passing first does not skip the earlier one.
        assert_eq!(
            next(&grading(false, true, false)).as_deref(),
            Some("config")
        );
        assert_eq!(next(&grading(true, false, true)).as_deref(), Some("ask"));
        assert_eq!(next(&grading(true, true, false)).as_deref(), Some("batch"));
        assert_eq!(next(&grading(true, true, true)), None);
    }

    #[test]
    fn a_stage_whose_tests_did_not_run_is_not_finished() {
        let exercise = staged_exercise();
        let mut tests = vec![graded(&exercise, Suite::Rust, "config_reads", true)];
        tests[0].case.outcome = Outcome::NotRun;
        let grouped = group(&exercise, &tests);
        assert!(!grouped.stages[0].finished());
        // A stage with no test at all in the grading is not finished either.
        assert!(!grouped.stages[1].finished());
        assert_eq!(grouped.next().map(|result| result.index), Some(0));
    }
}
