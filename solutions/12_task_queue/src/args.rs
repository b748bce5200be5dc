//! The command line: `queue-worker --redis URL --queue NAME [--concurrency N]
//! [--visibility-timeout SECS]`.

use std::num::NonZeroU64;

use clap::Parser;

// ANCHOR: args
/// Take tasks from a Redis list, count each text's distinct words, write the results.
#[derive(Debug, Clone, PartialEq, Eq, Parser)]
#[command(name = "queue-worker", version)]
pub struct Args {
    /// The Redis server, as a URL: redis://127.0.0.1:6379/0
    #[arg(long, value_name = "URL", value_parser = parse_redis_url)]
    pub redis: String,
    /// The queue: the list producers LPUSH tasks to.
    #[arg(long, value_name = "NAME", value_parser = parse_queue_name)]
    pub queue: String,
    /// How many tasks this worker works on at once (one thread each).
    #[arg(long, value_name = "N", default_value = "1")]
    pub concurrency: NonZeroU64,
    /// Seconds a worker may go without renewing its lease before the others take its
    /// tasks back: the longest a dead worker delays its tasks.
    #[arg(long, value_name = "SECS", default_value = "30")]
    pub visibility_timeout: NonZeroU64,
}
// ANCHOR_END: args

/// A URL the redis crate accepts; refused here, it is a usage error (exit 2).
fn parse_redis_url(url: &str) -> Result<String, String> {
    redis::Client::open(url)
        .map(|_| url.to_string())
        .map_err(|err| format!("not a Redis URL: {err}"))
}

/// A queue's name becomes part of other keys (`NAME:results`): no empty name.
fn parse_queue_name(name: &str) -> Result<String, String> {
    if name.trim().is_empty() {
        Err("the queue needs a name".to_string())
    } else {
        Ok(name.to_string())
    }
}
