//! One shape for the results of both suites, so that everything downstream (the verdict,
//! `verify`, `report --json`) reads Rust and pytest results alike.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Suite {
    Rust,
    Pytest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Passed,
    Failed,
    /// The test could not run at all: an import error, a crash, a timeout.
    Error,
    Skipped,
}

/// One test function. A parametrized pytest function is one `TestCase` that passes only
/// when every parameter passes; `message` is its first failure.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TestCase {
    pub suite: Suite,
    pub name: String,
    pub outcome: Outcome,
    /// How many instances ran and passed (more than one for parametrized tests).
    pub instances: usize,
    pub instances_passed: usize,
    pub message: String,
}

impl TestCase {
    pub fn passed(&self) -> bool {
        self.outcome == Outcome::Passed
    }
}

/// Fold per-instance results (in the order they ran) into per-function cases, keeping
/// the order of first appearance: that is the order of the test file.
pub fn group_instances(suite: Suite, instances: Vec<(String, Outcome, String)>) -> Vec<TestCase> {
    let mut cases: Vec<TestCase> = Vec::new();
    for (name, outcome, message) in instances {
        let case = match cases.iter_mut().position(|case| case.name == name) {
            Some(index) => &mut cases[index],
            None => {
                cases.push(TestCase {
                    suite,
                    name,
                    outcome: Outcome::Passed,
                    instances: 0,
                    instances_passed: 0,
                    message: String::new(),
                });
                cases.last_mut().expect("just pushed")
            }
        };
        case.instances += 1;
        match outcome {
            Outcome::Passed => case.instances_passed += 1,
            Outcome::Skipped if case.instances == 1 => case.outcome = Outcome::Skipped,
            Outcome::Skipped => {}
            Outcome::Failed | Outcome::Error => {
                if case.passed() || case.outcome == Outcome::Skipped {
                    case.outcome = outcome;
                    case.message = message;
                }
            }
        }
    }
    cases
}
