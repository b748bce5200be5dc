//! The starter's given code is the solution's, written once.
//!
//! The learner writes between `// ANCHOR: todo-NAME` and `// ANCHOR_END: todo-NAME`
//! (mdBook drops these marker lines from what a chapter includes). Outside those
//! regions a starter file and its solution must be the same, line for line, so a fix to
//! the given code cannot reach one copy and miss the other.

use std::path::Path;

use crate::files;

const START: &str = "// ANCHOR: todo-";
const END: &str = "// ANCHOR_END: todo-";

/// The lines of `text` with their numbers, each learner's region reduced to its two
/// marker lines.
fn given_lines(text: &str) -> Vec<(usize, &str)> {
    let mut lines = Vec::new();
    let mut inside = false;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with(START) {
            inside = true;
            lines.push((index + 1, trimmed));
        } else if trimmed.starts_with(END) {
            inside = false;
            lines.push((index + 1, trimmed));
        } else if !inside {
            lines.push((index + 1, line));
        }
    }
    lines
}

/// The first line where `starter` and `solution` differ outside the learner's regions:
/// its number in the starter, and the two lines (`None` past an end).
fn first_difference<'a>(
    starter: &'a str,
    solution: &'a str,
) -> Option<(usize, Option<&'a str>, Option<&'a str>)> {
    let (ours, theirs) = (given_lines(starter), given_lines(solution));
    let at = (0..ours.len().max(theirs.len()))
        .find(|&i| ours.get(i).map(|line| line.1) != theirs.get(i).map(|line| line.1))?;
    let line = ours.get(at).or(ours.last()).map_or(1, |line| line.0);
    Some((
        line,
        ours.get(at).map(|line| line.1),
        theirs.get(at).map(|line| line.1),
    ))
}

/// Every starter source under `src/` with learner's regions must equal its solution's
/// file outside them. Exercises without markers pass, and say so.
pub fn given_code_matches(starter: &Path, solution: &Path) -> Result<String, String> {
    let mut compared = 0;
    for file in files::with_extension(&starter.join("src"), "rs") {
        let text = std::fs::read_to_string(&file).map_err(|err| err.to_string())?;
        if !text.contains(START) {
            continue;
        }
        let relative = file.strip_prefix(starter).unwrap_or(&file);
        let answer = std::fs::read_to_string(solution.join(relative))
            .map_err(|err| format!("{}: {err}", solution.join(relative).display()))?;
        if let Some((line, ours, theirs)) = first_difference(&text, &answer) {
            return Err(format!(
                "{}:{line}: the given code differs from the solution's: {:?} here, {:?} there",
                file.display(),
                ours.unwrap_or("(end of file)"),
                theirs.unwrap_or("(end of file)"),
            ));
        }
        compared += 1;
    }
    Ok(if compared == 0 {
        "no `// ANCHOR: todo-…` markers".to_string()
    } else {
        format!("{compared} files equal their solutions outside the TODO regions")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOLUTION: &str = "fn given() {}\n\nfn add(a: u32, b: u32) -> u32 {\n    // ANCHOR: todo-add\n    a + b\n    // ANCHOR_END: todo-add\n}\n";

    #[test]
    fn the_regions_may_differ() {
        let starter = SOLUTION.replace("    a + b\n", "    // TODO: add them.\n    todo!()\n");
        assert_eq!(first_difference(&starter, SOLUTION), None);
    }

    #[test]
    fn the_given_code_may_not() {
        let starter = SOLUTION.replace("fn given() {}", "fn given() { 1; }");
        let (line, ours, theirs) = first_difference(&starter, SOLUTION).unwrap();
        assert_eq!(line, 1);
        assert_eq!(ours, Some("fn given() { 1; }"));
        assert_eq!(theirs, Some("fn given() {}"));
    }

    #[test]
    fn a_missing_region_is_a_difference() {
        let starter = "fn given() {}\n";
        assert!(first_difference(starter, SOLUTION).is_some());
    }
}
