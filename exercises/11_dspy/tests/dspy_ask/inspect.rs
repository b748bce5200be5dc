//! Stage "inspect" (stretch): `dspy-ask inspect FILE.py:CLASS [--rust]`.
//!
//! Change the Rust code in `src/` to make the tests below pass.
//! Do not change the tests: they grade your solution and the reference one alike.
//!
//! Part of the `dspy_ask` suite (it is declared there): Python starts once for both.

use std::ffi::CString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dspy_ask::inspect::{
    Annotation, InspectError, Signature, command, inspect, load, rust_type, write_rust,
};
use dspy_ask::interpreter::ensure_started;
use dspy_ask::outputs::ContextQaOutputs;
use pyo3::prelude::*;
use pyo3::types::{IntoPyDict, PyDict};

/// Signatures and modules to inspect, in a file of their own for each test.
const TRIAGE: &str = r#"
"""Signatures and modules for the tests of `dspy-ask inspect`."""

from typing import Literal, Optional

import dspy


class Triage(dspy.Signature):
    """Sort a bug report."""

    report: str = dspy.InputField(desc="the text of the report")
    labels: list[str] = dspy.InputField()
    severity: int | None = dspy.OutputField(desc="1 (worst) to 5")
    confidence: Optional[float] = dspy.OutputField()
    scores: dict[str, list[int]] = dspy.OutputField()
    type: Literal["bug", "question"] = dspy.OutputField(desc="what kind of report")
    isDuplicate: bool = dspy.OutputField()


class Pipeline(dspy.Module):
    def __init__(self):
        super().__init__()
        self.triage = dspy.Predict(Triage)
        self.summarize = dspy.ChainOfThought("report -> summary")


class NotDspy:
    pass
"#;

/// `source` written to `NAME.py` in a fresh folder.
fn python_file(name: &str, source: &str) -> PathBuf {
    let file = super::scratch_dir(&format!("inspect-{name}")).join(format!("{name}.py"));
    std::fs::write(&file, source).unwrap();
    file
}

fn target(file: &Path, class: &str) -> String {
    format!("{}:{class}", file.display())
}

/// What `dspy-ask inspect` prints for `target`, as text.
fn inspected(target: &str, rust: bool) -> String {
    let mut out = Vec::new();
    if let Err(err) = inspect(target, rust, &mut out) {
        panic!("inspect {target}: {err}");
    }
    String::from_utf8(out).unwrap()
}

/// The error `inspect` gives for `target`: its one line must hold each of `words`.
fn inspect_error(target: &str, words: &[&str]) -> InspectError {
    let err = match inspect(target, false, &mut Vec::new()) {
        Err(err) => err,
        Ok(()) => panic!("inspect {target} succeeded: expected an error"),
    };
    let shown = err.to_string();
    assert!(!shown.contains('\n'), "more than one line: {shown}");
    for word in words {
        assert!(shown.contains(word), "{word:?} not in {shown:?}");
    }
    err
}

/// Each field as (name, type as Python writes it, description).
fn fields(fields: &[dspy_ask::inspect::Field]) -> Vec<(&str, String, &str)> {
    fields
        .iter()
        .map(|field| {
            (
                field.name.as_str(),
                field.annotation.to_string(),
                field.description.as_str(),
            )
        })
        .collect()
}

fn name(name: &str) -> Annotation {
    Annotation::Name(name.to_string())
}

fn generic(origin: &str, args: &[Annotation]) -> Annotation {
    Annotation::Generic {
        origin: origin.to_string(),
        args: args.to_vec(),
    }
}

#[test]
fn inspect_signature_has_its_fields_types_and_descriptions() {
    let file = python_file("signature", TRIAGE);
    let signatures = load(&file, "Triage").unwrap();
    let [signature] = signatures.as_slice() else {
        panic!("expected one signature, got {signatures:?}");
    };
    assert_eq!(
        (signature.name.as_str(), signature.predictor.as_deref()),
        ("Triage", None)
    );
    assert_eq!(signature.instructions, "Sort a bug report.");
    assert_eq!(
        fields(&signature.inputs),
        vec![
            ("report", "str".to_string(), "the text of the report"),
            ("labels", "list[str]".to_string(), ""),
        ]
    );
    assert_eq!(
        fields(&signature.outputs),
        vec![
            ("severity", "int | None".to_string(), "1 (worst) to 5"),
            ("confidence", "float | None".to_string(), ""),
            ("scores", "dict[str, list[int]]".to_string(), ""),
            (
                "type",
                "Literal['bug', 'question']".to_string(),
                "what kind of report"
            ),
            ("isDuplicate", "bool".to_string(), ""),
        ]
    );
}

#[test]
fn inspect_module_lists_each_predictor_with_its_signature() {
    let file = python_file("module", TRIAGE);
    let signatures = load(&file, "Pipeline").unwrap();
    let found: Vec<(&str, Option<&str>, &str)> = signatures
        .iter()
        .map(|signature: &Signature| {
            (
                signature.owner.as_str(),
                signature.predictor.as_deref(),
                signature.name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("Pipeline", Some("triage"), "Triage"),
            ("Pipeline", Some("summarize.predict"), "StringSignature"),
        ]
    );
    // ChainOfThought adds its `reasoning` before the outputs, with no description.
    assert_eq!(
        fields(&signatures[1].outputs),
        vec![
            ("reasoning", "str".to_string(), ""),
            ("summary", "str".to_string(), ""),
        ]
    );
}

#[test]
fn inspect_table_shows_each_field_with_its_type_and_description() {
    let file = python_file("table", TRIAGE);
    let table = inspected(&target(&file, "Triage"), false);
    assert!(table.contains("Sort a bug report."), "{table}");
    for (field, words) in [
        ("report", ["input", "str", "the text of the report"]),
        ("severity", ["output", "int | None", "1 (worst) to 5"]),
        ("scores", ["output", "dict[str, list[int]]", ""]),
    ] {
        let row = table
            .lines()
            .find(|line| line.split_whitespace().any(|word| word == field))
            .unwrap_or_else(|| panic!("no row for {field}:\n{table}"));
        for word in words {
            assert!(row.contains(word), "{word:?} not in the row {row:?}");
        }
    }
    assert!(
        !table.contains("${"),
        "DSPy's placeholder was shown:\n{table}"
    );
}

#[test]
fn inspect_rust_types_follow_the_mapping() {
    let optional = |inner: Annotation| Annotation::Union(vec![inner, name("None")]);
    for (python, rust) in [
        (name("str"), Some("String")),
        (name("int"), Some("i64")),
        (name("float"), Some("f64")),
        (name("bool"), Some("bool")),
        (generic("list", &[name("str")]), Some("Vec<String>")),
        (
            generic("dict", &[name("str"), generic("list", &[name("int")])]),
            Some("HashMap<String, Vec<i64>>"),
        ),
        (optional(name("int")), Some("Option<i64>")),
        (
            Annotation::Union(vec![name("None"), name("float")]),
            Some("Option<f64>"),
        ),
        (name("Answer"), None),
        (generic("dict", &[name("int"), name("str")]), None),
        (generic("list", &[name("bytes")]), None),
        (
            Annotation::Union(vec![name("int"), name("str"), name("None")]),
            None,
        ),
        (generic("Literal", &[name("'yes'"), name("'no'")]), None),
    ] {
        assert_eq!(rust_type(&python).as_deref(), rust, "for {python}");
    }
}

#[test]
fn inspect_rust_struct_has_a_field_for_each_output() {
    let file = python_file("rust", TRIAGE);
    let rust = inspected(&target(&file, "Triage"), true);
    let lines: Vec<&str> = rust.lines().map(str::trim).collect();
    for expected in [
        "use std::collections::HashMap;",
        "#[derive(Debug, FromPyObject)]",
        "pub struct TriageOutputs {",
        "/// 1 (worst) to 5",
        "pub severity: Option<i64>,",
        "pub confidence: Option<f64>,",
        "pub scores: HashMap<String, Vec<i64>>,",
        "pub r#type: Py<PyAny>,",
        "#[pyo3(attribute(\"isDuplicate\"))]",
        "pub is_duplicate: bool,",
    ] {
        assert!(
            lines.contains(&expected),
            "no line {expected:?} in:\n{rust}"
        );
    }
    assert!(
        !lines
            .iter()
            .any(|line| line.starts_with("pub report") || line.starts_with("pub labels")),
        "an input became a field:\n{rust}"
    );
    // The field with no Rust type says so, in a comment next to it.
    let at = lines
        .iter()
        .position(|line| line.ends_with("Py<PyAny>,"))
        .unwrap();
    assert!(
        lines[at - 1].starts_with("//") && lines[at - 1].contains("Literal"),
        "no comment above the Py<PyAny> field:\n{rust}"
    );
}

#[test]
fn inspect_outputs_rs_is_generated_and_extracts_a_prediction() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let context_qa = crate_dir.join("python/context_qa.py");
    // (a) src/outputs.rs is what `inspect --rust` makes of ContextQA today.
    let mut generated = Vec::new();
    write_rust(
        &load(&context_qa, "ContextQA").unwrap(),
        "dspy-ask inspect python/context_qa.py:ContextQA --rust",
        &mut generated,
    )
    .unwrap();
    let committed = std::fs::read_to_string(crate_dir.join("src/outputs.rs")).unwrap();
    assert_eq!(
        String::from_utf8(generated).unwrap(),
        committed,
        "src/outputs.rs is not what `dspy-ask inspect python/context_qa.py:ContextQA --rust` prints"
    );

    // (b) ContextQA's prediction, on canned answers, extracts into that struct.
    ensure_started().unwrap();
    let outputs = Python::attach(|py| -> PyResult<ContextQaOutputs> {
        let environ = py.import("os")?.getattr("environ")?;
        environ.call_method1("setdefault", ("LITELLM_LOCAL_MODEL_COST_MAP", "True"))?;
        let answer = PyDict::new(py);
        answer.set_item("reasoning", "The context says so.")?;
        answer.set_item("answer", "blue")?;
        let lm = py
            .import("dspy.utils")?
            .getattr("DummyLM")?
            .call1((vec![answer],))?;
        let source = CString::new(std::fs::read_to_string(&context_qa)?)?;
        let module = PyModule::from_code(py, &source, c"context_qa.py", c"inspect_context_qa")?
            .getattr("ContextQA")?
            .call0()?;
        module.call_method1("set_lm", (lm,))?;
        let inputs = [("context", "The sky is blue."), ("question", "Its colour?")];
        module.call((), Some(&inputs.into_py_dict(py)?))?.extract()
    })
    .unwrap();
    assert_eq!(outputs.answer, "blue");
    assert_eq!(outputs.reasoning, "The context says so.");
}

#[test]
fn inspect_target_needs_a_file_and_a_class() {
    inspect_error("context_qa.py", &["FILE.py:CLASS", "context_qa.py"]);
    inspect_error("context_qa.py:", &["FILE.py:CLASS"]);
    // The program exits with 2, as for any bad argument.
    assert_eq!(command("context_qa.py", false, false), ExitCode::from(2));
    let missing = super::scratch_dir("inspect-missing").join("missing.py");
    let err = inspect_error(&target(&missing, "Answer"), &["missing.py"]);
    assert!(matches!(err, InspectError::Unreadable { .. }), "{err:?}");
}

#[test]
fn inspect_python_error_while_loading_is_its_last_line() {
    let file = python_file(
        "broken",
        "import dspy\n\nclass Broken(dspy.Signature:\n    pass\n",
    );
    let err = inspect_error(&target(&file, "Broken"), &["broken.py", "SyntaxError"]);
    assert!(matches!(err, InspectError::Python { .. }), "{err:?}");
}

#[test]
fn inspect_unknown_class_names_the_ones_there_are() {
    let file = python_file("unknown", TRIAGE);
    let err = inspect_error(&target(&file, "Triag"), &["Triag", "Triage", "Pipeline"]);
    assert!(matches!(err, InspectError::NoSuchClass { .. }), "{err:?}");
    assert!(!err.to_string().contains("NotDspy"), "{err}");
}

#[test]
fn inspect_class_that_is_neither_a_signature_nor_a_module_is_refused() {
    let file = python_file("neither", TRIAGE);
    let err = inspect_error(&target(&file, "NotDspy"), &["NotDspy"]);
    assert!(matches!(err, InspectError::NotASignature { .. }), "{err:?}");
}
