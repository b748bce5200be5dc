//! `dspy-ask`: ask a language model a question through DSPy, from Rust.
//!
//! ```text
//! dspy-ask [--config FILE] [--cot] [--context FILE] [--verbose] QUESTION
//! dspy-ask [--config FILE] [--cot] --batch FILE
//! dspy-ask config init [--provider NAME] > dspy-ask.toml
//! dspy-ask config check FILE
//! dspy-ask config test FILE
//! dspy-ask inspect FILE.py:CLASS [--rust]
//! ```

use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use clap::{Parser, Subcommand};
use dspy_ask::batch::{ask_all, panicked, print_answers, questions_of};
use dspy_ask::interpreter::locate_venv;
use dspy_ask::tools::{check_config, template};
use dspy_ask::{AskError, ContextQa, LmConfig, Prediction, Predictor, Strategy, is_variable_name};

// ANCHOR: cli
/// Ask a language model a question through DSPy.
#[derive(Debug, Parser)]
// A plain `dspy-ask QUESTION` still works: a first word that names no subcommand is the
// question, and the question is not required when a subcommand is given.
#[command(
    name = "dspy-ask",
    version,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// The language model's configuration (TOML).
    #[arg(long, value_name = "FILE", default_value = "dspy-ask.toml")]
    config: PathBuf,
    /// Think step by step (ChainOfThought) and print the reasoning too.
    #[arg(long)]
    cot: bool,
    /// Answer from the text in this file, with the custom ContextQA module.
    #[arg(long, value_name = "FILE", conflicts_with = "batch")]
    context: Option<PathBuf>,
    /// Answer every question in FILE (one a line), several at a time.
    #[arg(long, value_name = "FILE", conflicts_with = "question")]
    batch: Option<PathBuf>,
    /// Say what happens on stderr, with Python's traceback on failure.
    #[arg(long)]
    verbose: bool,
    /// The question to ask.
    #[arg(required_unless_present = "batch")]
    question: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write, check or try a config file.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Show a DSPy signature's fields and instructions, or a Rust struct for its outputs.
    Inspect {
        /// The Python file, and the dspy.Signature or dspy.Module class in it.
        #[arg(value_name = "FILE.py:CLASS")]
        target: String,
        /// Print a Rust struct to extract the outputs into, instead of the table.
        #[arg(long)]
        rust: bool,
        /// Show Python's traceback when the file fails to load.
        #[arg(long)]
        verbose: bool,
    },
}

#[derive(Debug, Subcommand)]
enum ConfigCommand {
    /// Print a commented config to start from (redirect it to a file).
    Init {
        /// The provider, as DSPy names it: openai, dummy, anthropic…
        #[arg(long, default_value = "openai", value_parser = clap::builder::NonEmptyStringValueParser::new())]
        provider: String,
    },
    /// List every problem of a config file, with its line. Starts no Python.
    Check {
        /// The config file (TOML).
        file: PathBuf,
    },
    /// Ask the model one small question through the config, and time the answer.
    Test {
        /// The config file (TOML).
        file: PathBuf,
    },
}
// ANCHOR_END: cli

/// How many questions of a batch are in flight at once.
const BATCH_CONCURRENCY: usize = 4;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(&err),
    };
    let verbose = cli.verbose;
    match run(cli).await {
        Ok(code) => code,
        Err(err) => report(&err, verbose),
    }
}

async fn run(cli: Cli) -> Result<ExitCode, AskError> {
    if let Some(Command::Inspect {
        target,
        rust,
        verbose,
    }) = &cli.command
    {
        return Ok(dspy_ask::inspect::command(target, *rust, *verbose));
    }
    if let Some(Command::Config(command)) = cli.command {
        return config_command(command).await;
    }
    let started = Instant::now();
    let config = LmConfig::load(&cli.config)?;
    if cli.verbose {
        describe(&config);
    }
    let strategy = if cli.cot {
        Strategy::ChainOfThought
    } else {
        Strategy::Predict
    };

    if let Some(batch) = &cli.batch {
        return ask_batch(config, strategy, batch, cli.verbose).await;
    }
    let question = cli.question.unwrap_or_default();
    let context =
        match &cli.context {
            Some(path) => Some(std::fs::read_to_string(path).map_err(|source| {
                AskError::ConfigUnreadable {
                    path: path.clone(),
                    source,
                }
            })?),
            None => None,
        };

    // ANCHOR: spawn_blocking
    // Python blocks its thread while DSPy runs: give it a thread of its own, so the
    // async runtime's threads stay free.
    let prediction = blocking(move || match context {
        Some(context) => ContextQa::new(&config)?.ask(&context, &question),
        None => Predictor::new(&config, strategy)?.ask(&question),
    })
    .await?;
    // ANCHOR_END: spawn_blocking

    print_prediction(&prediction, cli.cot || cli.context.is_some());
    if cli.verbose {
        eprintln!("dspy-ask: answered in {:.2?}", started.elapsed());
    }
    Ok(ExitCode::SUCCESS)
}

// ANCHOR: batch
/// `--batch FILE`: every question of the file, `BATCH_CONCURRENCY` at a time (see
/// `dspy_ask::batch`), the answers printed in the file's order.
async fn ask_batch(
    config: LmConfig,
    strategy: Strategy,
    path: &Path,
    verbose: bool,
) -> Result<ExitCode, AskError> {
    let text =
        tokio::fs::read_to_string(path)
            .await
            .map_err(|source| AskError::ConfigUnreadable {
                path: path.to_path_buf(),
                source,
            })?;
    let predictor = Arc::new(blocking(move || Predictor::new(&config, strategy)).await?);
    let answers = ask_all(predictor, questions_of(&text), BATCH_CONCURRENCY).await;
    let printed = print_answers(&answers, &mut io::stdout(), &mut io::stderr(), verbose);
    // A failed question, or stdout closed early (`dspy-ask --batch FILE | head -1`).
    Ok(match printed {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) | Err(_) => ExitCode::FAILURE,
    })
}
// ANCHOR_END: batch

// ANCHOR: config_command
/// `dspy-ask config …`. `init` and `check` never start Python.
async fn config_command(command: ConfigCommand) -> Result<ExitCode, AskError> {
    match command {
        ConfigCommand::Init { provider } => {
            print!("{}", template(&provider));
            Ok(ExitCode::SUCCESS)
        }
        ConfigCommand::Check { file } => {
            let text =
                std::fs::read_to_string(&file).map_err(|source| AskError::ConfigUnreadable {
                    path: file.clone(),
                    source,
                })?;
            let problems = check_config(&text);
            for problem in &problems {
                eprintln!("dspy-ask: {}: {problem}", file.display());
            }
            if problems.is_empty() {
                println!("{}: valid", file.display());
                Ok(ExitCode::SUCCESS)
            } else {
                Ok(ExitCode::from(2))
            }
        }
        ConfigCommand::Test { file } => {
            let config = LmConfig::load(&file)?;
            config.api_key()?; // a missing key is the config's fault: exit 2, not 1
            // Only the call is timed: starting Python and importing DSPy is not the model.
            let (prediction, elapsed) = blocking(move || {
                let predictor = Predictor::new(&config, Strategy::Predict)?;
                let started = Instant::now();
                let prediction = predictor.ask("Reply with one word: ready?")?;
                Ok((prediction, started.elapsed()))
            })
            .await?;
            println!(
                "answered in {:.2} s: {}",
                elapsed.as_secs_f64(),
                prediction.answer
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
// ANCHOR_END: config_command

/// Run blocking (Python) work on tokio's blocking threads and wait for it.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AskError> + Send + 'static,
) -> Result<T, AskError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|err| panicked(&err))?
}

fn print_prediction(prediction: &Prediction, with_reasoning: bool) {
    if with_reasoning && let Some(reasoning) = &prediction.reasoning {
        println!("Reasoning: {reasoning}");
        println!("Answer: {}", prediction.answer);
    } else {
        println!("{}", prediction.answer);
    }
}

/// `--verbose`: what the program is about to use. Never the API key itself.
fn describe(config: &LmConfig) {
    match locate_venv() {
        Ok(venv) => eprintln!("dspy-ask: Python environment: {}", venv.display()),
        Err(err) => eprintln!("dspy-ask: Python environment: {err}"),
    }
    eprintln!("dspy-ask: model: {}", config.model_id());
    if let Some(api_base) = &config.api_base {
        eprintln!("dspy-ask: api_base: {api_base}");
    }
    match &config.api_key_env {
        Some(var) if is_variable_name(var) => eprintln!("dspy-ask: API key: from ${var}"),
        // Most likely the key itself, pasted into the file by mistake: never show it.
        Some(_) => eprintln!("dspy-ask: API key: `api_key_env` is not a variable's name"),
        None => {}
    }
}

// ANCHOR: report
/// One line on stderr (a traceback first with `--verbose`), and a non-zero exit.
fn report(err: &AskError, verbose: bool) -> ExitCode {
    if verbose && let Some(traceback) = err.traceback() {
        eprint!("{traceback}");
    }
    eprintln!("dspy-ask: {err}");
    match err {
        AskError::ConfigUnreadable { .. }
        | AskError::ConfigInvalid { .. }
        | AskError::ApiKeyMissing { .. } => ExitCode::from(2),
        _ => ExitCode::FAILURE,
    }
}
// ANCHOR_END: report

/// clap's usage errors, squeezed onto one line; `--help` and `--version` as they are.
fn usage_error(err: &clap::Error) -> ExitCode {
    if !err.use_stderr() {
        print!("{err}");
        return ExitCode::SUCCESS;
    }
    let rendered = err.to_string();
    let message: Vec<&str> = rendered
        .lines()
        .map(str::trim)
        .take_while(|line| !line.starts_with("Usage:"))
        .filter(|line| !line.is_empty())
        .collect();
    let message = message.join(" ");
    let message = message.strip_prefix("error: ").unwrap_or(&message);
    eprintln!("dspy-ask: {message} (see dspy-ask --help)");
    ExitCode::from(2)
}
