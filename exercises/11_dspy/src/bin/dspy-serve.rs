//! `dspy-serve`: answer questions over HTTP, through DSPy, from Rust.
//!
//! ```text
//! dspy-serve [--config FILE] [--listen ADDR] [--max-in-flight N]
//! ```
//!
//! Once it accepts connections it prints `listening on http://ADDR` on stdout (with
//! `--listen 127.0.0.1:0`, ADDR has the port the system picked). SIGTERM or Ctrl-C
//! stops it: the requests in flight are answered first, then it exits with status 0.

use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use dspy_ask::serve::{Answerers, router, serve, shutdown_signal};
use dspy_ask::{AskError, LmConfig};
use tokio::net::TcpListener;

/// Answer questions over HTTP through DSPy: POST /ask, GET /health.
#[derive(Debug, Parser)]
#[command(name = "dspy-serve", version)]
struct Cli {
    /// The language model's configuration (TOML), as for dspy-ask.
    #[arg(long, value_name = "FILE", default_value = "dspy-ask.toml")]
    config: PathBuf,
    /// The address to listen on; port 0 lets the system pick a free one.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8000")]
    listen: String,
    /// How many questions may be in flight at once; the rest wait their turn.
    #[arg(long, value_name = "N", default_value = "4")]
    max_in_flight: NonZeroUsize,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if !err.use_stderr() => {
            print!("{err}"); // --help, --version
            return ExitCode::SUCCESS;
        }
        Err(err) => {
            let message = err.kind().to_string();
            eprintln!("dspy-serve: {message} (see dspy-serve --help)");
            return ExitCode::from(2);
        }
    };
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("dspy-serve: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let config = LmConfig::load(&cli.config).map_err(|err| err.to_string())?;
    let model = config.model_id();
    // Building the modules starts Python and imports DSPy: blocking work, done once.
    let answerers = tokio::task::spawn_blocking(move || Answerers::new(&config))
        .await
        .map_err(|err| err.to_string())?
        .map_err(|err: AskError| err.to_string())?;

    let listener = TcpListener::bind(&cli.listen)
        .await
        .map_err(|err| format!("cannot listen on {}: {err}", cli.listen))?;
    let address = listener.local_addr().map_err(|err| err.to_string())?;
    eprintln!(
        "dspy-serve: model {model}, at most {} questions at once",
        cli.max_in_flight
    );
    // The line a client (or a test) waits for; stdout is flushed at each newline.
    println!("listening on http://{address}");

    serve(
        listener,
        router(answerers, cli.max_in_flight.get()),
        shutdown_signal(),
    )
    .await
    .map_err(|err| format!("the service failed: {err}"))?;
    eprintln!("dspy-serve: stopped, every request answered");
    Ok(())
}
