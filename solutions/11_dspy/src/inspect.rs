//! `dspy-ask inspect FILE.py:CLASS [--rust]`: what a DSPy signature takes and gives.
//!
//! CLASS is a `dspy.Signature`, or a `dspy.Module` (then every predictor of it, as
//! `named_predictors()` lists them). The table shows each field with its type and
//! description, and the instructions; `--rust` writes instead a struct that PyO3 can
//! extract the outputs of a prediction into.

use std::ffi::CString;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyType};

use crate::AskError;
use crate::error::python_error;
use crate::interpreter::ensure_started;
use crate::predictor::import_dspy;

/// A field's type annotation, as much of it as the table and the Rust mapping need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Annotation {
    /// A class (`str`, `int`, `MyModel`), `None`, or anything else by its `repr`.
    Name(String),
    /// A generic: `list[str]` is `Generic { origin: "list", args: [Name("str")] }`.
    Generic {
        origin: String,
        args: Vec<Annotation>,
    },
    /// `X | Y`, also written `Union[X, Y]`; `Optional[X]` is `X | None`.
    Union(Vec<Annotation>),
}

/// Written as Python writes it: `str`, `list[str]`, `int | None`.
impl fmt::Display for Annotation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let join = |items: &[Annotation], separator: &str| {
            let items: Vec<String> = items.iter().map(Annotation::to_string).collect();
            items.join(separator)
        };
        match self {
            Annotation::Name(name) => write!(f, "{name}"),
            Annotation::Generic { origin, args } => write!(f, "{origin}[{}]", join(args, ", ")),
            Annotation::Union(members) => write!(f, "{}", join(members, " | ")),
        }
    }
}

// ANCHOR: annotation_of
impl Annotation {
    /// Read a Python type annotation (`field.annotation`).
    pub fn of(annotation: &Bound<'_, PyAny>) -> PyResult<Annotation> {
        // ANCHOR: todo-annotation
        let py = annotation.py();
        let typing = py.import("typing")?;
        let origin = typing.call_method1("get_origin", (annotation,))?;
        let args = typing
            .call_method1("get_args", (annotation,))?
            .try_iter()?
            .map(|arg| Annotation::of(&arg?))
            .collect::<PyResult<Vec<_>>>()?;
        if is_union(&origin)? {
            Ok(Annotation::Union(args))
        } else if !origin.is_none() {
            Ok(Annotation::Generic {
                origin: name_of(&origin)?,
                args,
            })
        } else {
            Ok(Annotation::Name(name_of(annotation)?))
        }
        // ANCHOR_END: todo-annotation
    }
}
// ANCHOR_END: annotation_of

/// Whether `origin` (what `typing.get_origin` gives) makes an annotation a union:
/// `Optional[int]` and `Union[int, None]` have `typing.Union`, `int | None` has
/// `types.UnionType` (the same object since Python 3.14).
pub fn is_union(origin: &Bound<'_, PyAny>) -> PyResult<bool> {
    let py = origin.py();
    Ok(origin.is(py.import("typing")?.getattr("Union")?)
        || origin.is(py.import("types")?.getattr("UnionType")?))
}

/// A class's `__name__` (`None` for `NoneType`, as annotations write it); the `repr` of
/// anything without one (`'yes'` in `Literal['yes']`).
pub fn name_of(object: &Bound<'_, PyAny>) -> PyResult<String> {
    let py = object.py();
    if object.is(py.None().bind(py).get_type()) {
        return Ok("None".to_string());
    }
    match object.getattr("__name__") {
        Ok(name) => name.extract(),
        Err(_) => Ok(object.repr()?.to_string()),
    }
}

/// One input or output field of a signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub annotation: Annotation,
    /// The field's `desc`; empty when the signature gave none.
    pub description: String,
}

/// A signature, and where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The class that was inspected: the signature itself, or the module that uses it.
    pub owner: String,
    /// For a module, the predictor's name as `named_predictors()` gives it (`respond.predict`).
    pub predictor: Option<String>,
    /// The signature class's own name (`StringSignature` for those DSPy builds itself).
    pub name: String,
    /// The docstring: what the model is told to do.
    pub instructions: String,
    pub inputs: Vec<Field>,
    pub outputs: Vec<Field>,
}

/// Read a `dspy.Signature` class into Rust.
pub fn read_signature(
    signature: &Bound<'_, PyAny>,
    owner: &str,
    predictor: Option<&str>,
) -> PyResult<Signature> {
    let fields = |which: &str| read_fields(&signature.getattr(which)?.cast_into::<PyDict>()?);
    Ok(Signature {
        owner: owner.to_string(),
        predictor: predictor.map(str::to_string),
        name: signature.getattr("__name__")?.extract()?,
        instructions: signature.getattr("instructions")?.extract()?,
        inputs: fields("input_fields")?,
        outputs: fields("output_fields")?,
    })
}

// ANCHOR: read_fields
/// A signature's `input_fields` or `output_fields`: a dict of pydantic `FieldInfo`s, by name.
pub fn read_fields(fields: &Bound<'_, PyDict>) -> PyResult<Vec<Field>> {
    // ANCHOR: todo-read-fields
    let mut read = Vec::new();
    for (name, info) in fields.iter() {
        let name: String = name.extract()?;
        let desc: Option<String> = info
            .getattr("json_schema_extra")?
            .call_method1("get", ("desc",))?
            .extract()?;
        // DSPy gives a field declared without `desc` the placeholder `${name}`.
        let placeholder = format!("${{{name}}}");
        let description = desc.filter(|desc| *desc != placeholder).unwrap_or_default();
        let annotation = Annotation::of(&info.getattr("annotation")?)?;
        read.push(Field {
            name,
            annotation,
            description,
        });
    }
    Ok(read)
    // ANCHOR_END: todo-read-fields
}
// ANCHOR_END: read_fields

/// Why `inspect` could not show a signature: one line each.
#[derive(Debug, thiserror::Error)]
pub enum InspectError {
    #[error("expected FILE.py:CLASS, got {0:?}")]
    BadTarget(String),

    #[error("cannot read {}: {source}", file.display())]
    Unreadable {
        file: PathBuf,
        source: std::io::Error,
    },

    #[error("{}: {source}", file.display())]
    Python { file: PathBuf, source: AskError },

    #[error("{}: no class `{class}`; its signatures and modules: {}", file.display(),
            if found.is_empty() { "none".to_string() } else { found.join(", ") })]
    NoSuchClass {
        file: PathBuf,
        class: String,
        found: Vec<String>,
    },

    #[error("{}: `{class}` is neither a dspy.Signature nor a dspy.Module", file.display())]
    NotASignature { file: PathBuf, class: String },
}

impl InspectError {
    /// Python's traceback, for `--verbose`.
    pub fn traceback(&self) -> Option<&str> {
        match self {
            InspectError::Python { source, .. } => source.traceback(),
            _ => None,
        }
    }
}

/// `FILE.py:CLASS` split at its last `:` (a Windows path has one of its own).
pub fn parse_target(target: &str) -> Result<(PathBuf, String), InspectError> {
    // ANCHOR: todo-parse-target
    match target.rsplit_once(':') {
        Some((file, class)) if !file.is_empty() && !class.is_empty() => {
            Ok((PathBuf::from(file), class.to_string()))
        }
        _ => Err(InspectError::BadTarget(target.to_string())),
    }
    // ANCHOR_END: todo-parse-target
}

/// `dspy-ask inspect`: the table (or with `rust`, the struct) on stdout, or one line on
/// stderr (Python's traceback first with `verbose`) and exit code 2.
pub fn command(target: &str, rust: bool, verbose: bool) -> ExitCode {
    match inspect(target, rust, &mut std::io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if verbose && let Some(traceback) = err.traceback() {
                eprint!("{traceback}");
            }
            eprintln!("dspy-ask: {err}");
            ExitCode::from(2)
        }
    }
}

/// Load `FILE.py:CLASS` and write its signatures to `out`.
pub fn inspect(target: &str, rust: bool, out: &mut impl Write) -> Result<(), InspectError> {
    let (file, class) = parse_target(target)?;
    let signatures = load(&file, &class)?;
    // A write fails only when stdout closes early (`| head`): nobody is left to tell.
    let _ = if rust {
        write_rust(
            &signatures,
            &format!("dspy-ask inspect {target} --rust"),
            out,
        )
    } else {
        write_table(&signatures, out)
    };
    Ok(())
}

// ANCHOR: load
/// Run `file` in the venv's Python and read the signatures of its class `class`.
pub fn load(file: &Path, class: &str) -> Result<Vec<Signature>, InspectError> {
    let python_error_in = |source: AskError| InspectError::Python {
        file: file.to_path_buf(),
        source,
    };
    let source = std::fs::read_to_string(file).map_err(|source| InspectError::Unreadable {
        file: file.to_path_buf(),
        source,
    })?;
    let venv = ensure_started().map_err(|err| python_error_in(err.into()))?;
    Python::attach(|py| {
        let dspy = import_dspy(py, &venv).map_err(python_error_in)?;
        let python = |err: PyErr| python_error_in(python_error(py, &err));
        let module = run_file(py, file, &source).map_err(python)?;
        match find_class(&module, &dspy, class).map_err(python)? {
            Found::Signature(signature) => read_signature(&signature, class, None)
                .map(|signature| vec![signature])
                .map_err(python),
            Found::Module(module_class) => predictors_of(&module_class, class).map_err(python),
            Found::Neither => Err(InspectError::NotASignature {
                file: file.to_path_buf(),
                class: class.to_string(),
            }),
            Found::Nothing { candidates } => Err(InspectError::NoSuchClass {
                file: file.to_path_buf(),
                class: class.to_string(),
                found: candidates,
            }),
        }
    })
}
// ANCHOR_END: load

/// Build the module with no arguments (its predictors exist once it does), and read the
/// signature of each.
fn predictors_of(module_class: &Bound<'_, PyType>, class: &str) -> PyResult<Vec<Signature>> {
    let module = module_class.call0()?;
    let mut signatures = Vec::new();
    for named in module.call_method0("named_predictors")?.try_iter()? {
        let (name, predictor): (String, Bound<'_, PyAny>) = named?.extract()?;
        let signature = predictor.getattr("signature")?;
        signatures.push(read_signature(&signature, class, Some(&name))?);
    }
    Ok(signatures)
}

/// Run the file's code as a module named after the file.
fn run_file<'py>(py: Python<'py>, file: &Path, source: &str) -> PyResult<Bound<'py, PyModule>> {
    let nul = |_| pyo3::exceptions::PyValueError::new_err("the file contains a NUL byte");
    let name = file.file_stem().unwrap_or_default().to_string_lossy();
    PyModule::from_code(
        py,
        &CString::new(source).map_err(nul)?,
        &CString::new(file.to_string_lossy().as_bytes()).map_err(nul)?,
        &CString::new(name.as_bytes()).map_err(nul)?,
    )
}

/// What a name of the file's module turned out to be.
enum Found<'py> {
    Signature(Bound<'py, PyType>),
    Module(Bound<'py, PyType>),
    Neither,
    /// No such name: the signatures and modules the file defines instead.
    Nothing {
        candidates: Vec<String>,
    },
}

fn find_class<'py>(
    module: &Bound<'py, PyModule>,
    dspy: &Bound<'py, PyModule>,
    class: &str,
) -> PyResult<Found<'py>> {
    let signature = dspy.getattr("Signature")?.cast_into::<PyType>()?;
    let dspy_module = dspy.getattr("Module")?.cast_into::<PyType>()?;
    let kind = |object: &Bound<'py, PyAny>| -> PyResult<Found<'py>> {
        let Ok(object) = object.cast::<PyType>() else {
            return Ok(Found::Neither);
        };
        Ok(if object.is_subclass(&signature)? {
            Found::Signature(object.clone())
        } else if object.is_subclass(&dspy_module)? {
            Found::Module(object.clone())
        } else {
            Found::Neither
        })
    };
    if let Some(object) = module.dict().get_item(class)? {
        return kind(&object);
    }
    // Only the classes the file defines, not those it imports (`dspy.Signature` itself).
    let module_name = module.name()?;
    let mut candidates = Vec::new();
    for (name, object) in module.dict().iter() {
        let defined_here = object
            .getattr("__module__")
            .is_ok_and(|owner| owner.eq(&module_name).unwrap_or(false));
        if defined_here && !matches!(kind(&object)?, Found::Neither) {
            candidates.push(name.extract()?);
        }
    }
    Ok(Found::Nothing { candidates })
}

// ANCHOR: write_table
/// The signatures as tables: a heading, the instructions, one row a field.
pub fn write_table(signatures: &[Signature], out: &mut impl Write) -> std::io::Result<()> {
    for (index, signature) in signatures.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        match &signature.predictor {
            Some(predictor) => writeln!(
                out,
                "{}, predictor {predictor} (signature {})",
                signature.owner, signature.name
            )?,
            None => writeln!(out, "{}", signature.name)?,
        }
        for line in signature.instructions.lines() {
            writeln!(out, "  {line}")?;
        }
        writeln!(out)?;
        let rows: Vec<[String; 4]> = [("input", &signature.inputs), ("output", &signature.outputs)]
            .into_iter()
            .flat_map(|(kind, fields)| {
                fields.iter().map(move |field| {
                    [
                        kind.to_string(),
                        field.name.clone(),
                        field.annotation.to_string(),
                        field.description.clone(),
                    ]
                })
            })
            .collect();
        let width = |column: usize| rows.iter().map(|row| row[column].len()).max().unwrap_or(0);
        let widths = [width(0), width(1), width(2)];
        for [kind, name, annotation, description] in &rows {
            let row = format!(
                "  {kind:<w0$}  {name:<w1$}  {annotation:<w2$}  {description}",
                w0 = widths[0],
                w1 = widths[1],
                w2 = widths[2]
            );
            writeln!(out, "{}", row.trim_end())?;
        }
    }
    Ok(())
}
// ANCHOR_END: write_table

// ANCHOR: rust_type
/// The Rust type for a Python annotation, or `None` when there is no exact one.
pub fn rust_type(annotation: &Annotation) -> Option<String> {
    // ANCHOR: todo-rust-type
    use Annotation::{Generic, Name, Union};

    let is = |annotation: &Annotation, wanted: &str| *annotation == Name(wanted.to_string());
    Some(match annotation {
        Name(name) => match name.as_str() {
            "str" => "String".to_string(),
            "int" => "i64".to_string(),
            "float" => "f64".to_string(),
            "bool" => "bool".to_string(),
            _ => return None,
        },
        Generic { origin, args } => match (origin.as_str(), args.as_slice()) {
            ("list", [item]) => format!("Vec<{}>", rust_type(item)?),
            ("dict", [key, value]) if is(key, "str") => {
                format!("HashMap<String, {}>", rust_type(value)?)
            }
            _ => return None,
        },
        Union(members) => match members.as_slice() {
            [some, none] | [none, some] if is(none, "None") && !is(some, "None") => {
                format!("Option<{}>", rust_type(some)?)
            }
            _ => return None,
        },
    })
    // ANCHOR_END: todo-rust-type
}
// ANCHOR_END: rust_type

// ANCHOR: write_rust
/// A struct for each signature's outputs, that `#[derive(FromPyObject)]` fills from a
/// `dspy.Prediction` (it reads attributes, which a prediction has).
pub fn write_rust(
    signatures: &[Signature],
    command: &str,
    out: &mut impl Write,
) -> std::io::Result<()> {
    writeln!(out, "//! Generated by `{command}`:")?;
    writeln!(
        out,
        "//! run it again when the signature changes, rather than editing this file."
    )?;
    writeln!(out)?;
    let types: Vec<Vec<Option<String>>> = signatures
        .iter()
        .map(|signature| {
            signature
                .outputs
                .iter()
                .map(|field| rust_type(&field.annotation))
                .collect()
        })
        .collect();
    if types
        .iter()
        .flatten()
        .flatten()
        .any(|rust| rust.contains("HashMap<"))
    {
        writeln!(out, "use std::collections::HashMap;")?;
        writeln!(out)?;
    }
    writeln!(out, "use pyo3::prelude::*;")?;
    for (signature, types) in signatures.iter().zip(&types) {
        writeln!(out)?;
        let source = match &signature.predictor {
            Some(predictor) => format!("`{}`'s predictor `{predictor}`", signature.owner),
            None => format!("the signature `{}`", signature.name),
        };
        writeln!(out, "/// The outputs of {source}.")?;
        writeln!(out, "#[derive(Debug, FromPyObject)]")?;
        writeln!(
            out,
            "pub struct {} {{",
            struct_name(signature, signatures.len())
        )?;
        for (field, rust) in signature.outputs.iter().zip(types) {
            for line in field.description.lines() {
                writeln!(out, "    /// {}", line.trim_end())?;
            }
            let rust_name = rust_field_name(&field.name);
            if rust_name.trim_start_matches("r#") != field.name {
                writeln!(out, "    #[pyo3(attribute({:?}))]", field.name)?;
            }
            let rust = rust.clone().unwrap_or_else(|| "Py<PyAny>".to_string());
            if rust == "Py<PyAny>" {
                writeln!(
                    out,
                    "    // `{}` has no Rust type here: kept as a Python object.",
                    field.annotation
                )?;
            }
            writeln!(out, "    pub {rust_name}: {rust},")?;
        }
        writeln!(out, "}}")?;
    }
    Ok(())
}
// ANCHOR_END: write_rust

/// `AnswerFromContextOutputs`. DSPy names the signatures it builds itself (from a string,
/// or ChainOfThought's, which adds `reasoning`) `StringSignature`: those are named after
/// the module, plus the predictor when the module has several.
fn struct_name(signature: &Signature, count: usize) -> String {
    let base = match &signature.predictor {
        Some(predictor) if signature.name == "StringSignature" && count > 1 => {
            format!("{}_{predictor}", signature.owner)
        }
        Some(_) if signature.name == "StringSignature" => signature.owner.clone(),
        _ => signature.name.clone(),
    };
    format!("{}Outputs", camel_case(&base))
}

/// `ContextQA` → `ContextQa`, `respond.predict` → `RespondPredict`: Rust's CamelCase,
/// where an acronym is a word like any other.
fn camel_case(name: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let chars: Vec<char> = name.chars().collect();
    for (at, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            words.push(String::new());
            continue;
        }
        let previous = at.checked_sub(1).map(|before| chars[before]);
        let next = chars.get(at + 1);
        // A word starts at `aB`, and at the last capital of `ABc` (`QAModel`: `QA`, `Model`).
        let starts = c.is_uppercase()
            && previous.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_numeric()
                    || (p.is_uppercase() && next.is_some_and(|n| n.is_lowercase()))
            });
        if starts || words.is_empty() {
            words.push(String::new());
        }
        if let Some(word) = words.last_mut() {
            word.push(c);
        }
    }
    words
        .iter()
        .filter(|word| !word.is_empty())
        .map(|word| {
            let lower = word.to_lowercase();
            let mut chars = lower.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect()
}

/// Words Rust reserves: a field named so is written `r#type`.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// A Python field name as a Rust field name: snake_case, a keyword as a raw identifier,
/// and the few words that cannot be raw (`self`, `crate`…) with a `_` after them.
pub fn rust_field_name(name: &str) -> String {
    let mut snake = String::new();
    for (at, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if at > 0 && !snake.ends_with('_') {
                snake.push('_');
            }
            snake.extend(c.to_lowercase());
        } else {
            snake.push(c);
        }
    }
    if KEYWORDS.contains(&snake.as_str()) {
        format!("r#{snake}")
    } else if ["self", "super", "crate", "_"].contains(&snake.as_str()) {
        format!("{snake}_")
    } else {
        snake
    }
}
