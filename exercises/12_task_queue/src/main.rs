//! `queue-worker --redis URL --queue NAME [--concurrency N] [--visibility-timeout SECS]`

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{SystemTime, UNIX_EPOCH};

use clap::Parser;
use task_queue::{Args, Keys, Worker};

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(err) => return usage_error(&err),
    };
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    if let Err(err) = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)) {
        eprintln!("queue-worker: cannot handle signals: {err}");
        return ExitCode::FAILURE;
    }
    let worker = Worker {
        // Checked by the argument parser: the URL opens.
        client: redis::Client::open(args.redis.as_str()).expect("checked URL"),
        keys: Keys { queue: args.queue },
        lease_seconds: args.visibility_timeout.get(),
        stop,
    };
    run(&worker, args.concurrency.get())
}

// ANCHOR: run
/// Start the heartbeat, then one thread per slot; wait for the slots, then stop the
/// heartbeat (which drops the leases).
fn run(worker: &Worker, concurrency: u64) -> ExitCode {
    let slots: Vec<String> = (0..concurrency)
        .map(|index| format!("{}-{index}", worker_id()))
        .collect();
    let done = AtomicBool::new(false);
    let panicked = thread::scope(|scope| {
        // The leases exist before any slot takes a task: no reaper may take its list.
        if let Some(mut conn) = worker.connect("heartbeat") {
            let leases = slots.iter().fold(redis::pipe(), |mut pipe, slot| {
                pipe.set_ex(
                    worker.keys.lease(slot),
                    std::process::id(),
                    worker.lease_seconds,
                );
                pipe
            });
            let _: redis::RedisResult<()> = leases.exec(&mut conn);
        }
        let heartbeat = scope.spawn(|| worker.heartbeat(&slots, &done));
        let threads: Vec<_> = slots
            .iter()
            .map(|slot| scope.spawn(|| worker.run_slot(slot)))
            .collect();
        let panicked = threads
            .into_iter()
            .filter_map(|thread| thread.join().err())
            .count();
        done.store(true, Ordering::SeqCst);
        let _ = heartbeat.join();
        panicked
    });
    if panicked > 0 {
        eprintln!("queue-worker: {panicked} worker thread(s) panicked");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
// ANCHOR_END: run

/// Unique across the workers of every machine: process id and start time.
fn worker_id() -> String {
    let started = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|since| since.as_nanos())
        .unwrap_or_default();
    format!("{}-{started:x}", std::process::id())
}

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
    eprintln!("queue-worker: {message} (see queue-worker --help)");
    ExitCode::from(2)
}
