//! The worker: threads that take tasks reliably, a heartbeat that keeps their leases
//! and gives back the tasks of workers that died.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use redis::{Commands, Connection, Direction, RedisResult};

use crate::task::{Task, count_unique_words};

/// How long one BLMOVE waits for a task: how quickly an idle thread sees a shutdown.
const WAIT_SECONDS: f64 = 1.0;
/// A reply that takes longer than this means a dead connection.
const REPLY_TIMEOUT: Duration = Duration::from_secs(5);
/// Reconnecting waits twice as long after each failure, up to the maximum.
const FIRST_BACKOFF: Duration = Duration::from_millis(50);
const MAX_BACKOFF: Duration = Duration::from_secs(2);

// ANCHOR: keys
/// The Redis keys of one queue, all named after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    pub queue: String,
}

impl Keys {
    /// The hash of results: task id → number of distinct words.
    pub fn results(&self) -> String {
        format!("{}:results", self.queue)
    }
    /// Malformed tasks, each as `{"task": raw, "reason": why}`.
    pub fn dead(&self) -> String {
        format!("{}:dead", self.queue)
    }
    /// The tasks one worker thread (a slot) has taken and not finished.
    pub fn processing(&self, slot: &str) -> String {
        format!("{}:processing:{slot}", self.queue)
    }
    /// The slot's lease: while this key lives, its processing list is its own.
    pub fn lease(&self, slot: &str) -> String {
        format!("{}:worker:{slot}", self.queue)
    }
    /// The slot a processing list belongs to, if `key` is one.
    pub fn slot_of<'k>(&self, key: &'k str) -> Option<&'k str> {
        key.strip_prefix(&self.queue)?.strip_prefix(":processing:")
    }
}
// ANCHOR_END: keys

/// What every thread of one worker process shares.
pub struct Worker {
    pub client: redis::Client,
    pub keys: Keys,
    /// Seconds a lease lives unless renewed: the visibility timeout.
    pub lease_seconds: u64,
    /// Set by SIGTERM or Ctrl-C: finish the tasks in hand, take no more.
    pub stop: Arc<AtomicBool>,
}

impl Worker {
    fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// A connection, retried with backoff; `None` once a shutdown is asked for.
    pub fn connect(&self, who: &str) -> Option<Connection> {
        let mut backoff = FIRST_BACKOFF;
        let mut said = false;
        loop {
            let attempt = self
                .client
                .get_connection_with_timeout(REPLY_TIMEOUT)
                .and_then(|conn| {
                    conn.set_read_timeout(Some(REPLY_TIMEOUT))?;
                    conn.set_write_timeout(Some(REPLY_TIMEOUT))?;
                    Ok(conn)
                });
            match attempt {
                Ok(conn) => return Some(conn),
                Err(err) if !said => {
                    eprintln!("queue-worker: {who}: cannot reach Redis ({err}); retrying");
                    said = true;
                }
                Err(_) => {}
            }
            if self.stopping() {
                return None;
            }
            thread::sleep(backoff);
            backoff = (backoff * 2).min(MAX_BACKOFF);
        }
    }

    /// One worker thread: take a task, do it, write its result, until told to stop.
    pub fn run_slot(&self, slot: &str) {
        let mut conn = match self.connect(slot) {
            Some(conn) => conn,
            None => return,
        };
        // ANCHOR: todo-stop
        // TODO: stop taking tasks once `self.stopping()` says so (SIGTERM, Ctrl-C):
        // the task in hand is finished first, because the check comes between tasks.
        loop {
            // ANCHOR_END: todo-stop
            if let Err(err) = self.take_one(&mut conn, slot) {
                eprintln!(
                    "queue-worker: {slot}: lost the connection to Redis ({err}); reconnecting"
                );
                conn = match self.connect(slot) {
                    Some(conn) => conn,
                    None => return,
                };
                // A task may have been moved to our list with its reply lost, or be
                // half done: give everything back; whoever takes it next redoes it.
                if let Err(err) = self.requeue(&mut conn, &self.keys.processing(slot)) {
                    eprintln!("queue-worker: {slot}: could not give back its tasks ({err})");
                }
            }
        }
    }

    /// Wait up to a second for a task; do it if one came.
    fn take_one(&self, conn: &mut Connection, slot: &str) -> RedisResult<()> {
        let processing = self.keys.processing(slot);
        // ANCHOR: blmove
        // The oldest task (LPUSH adds on the left) moves to our processing list in one
        // step: at no moment is it in neither list.
        let taken: Option<String> = conn.blmove(
            &self.keys.queue,
            &processing,
            Direction::Right,
            Direction::Left,
            WAIT_SECONDS,
        )?;
        // ANCHOR_END: blmove
        let Some(raw) = taken else {
            return Ok(());
        };
        match Task::parse(&raw) {
            Ok(task) => self.finish(conn, &processing, &raw, &task),
            Err(reason) => self.bury(conn, &processing, &raw, &reason),
        }
    }

    /// Write the task's result and take it off the processing list, both or neither.
    fn finish(
        &self,
        conn: &mut Connection,
        processing: &str,
        raw: &str,
        task: &Task,
    ) -> RedisResult<()> {
        // ANCHOR: todo-finish
        // TODO: count the task's words, then, in one MULTI/EXEC (`redis::pipe().atomic()`),
        // HSET the count under the task's id in `self.keys.results()` and LREM one copy of
        // `raw` from `processing`; run it with `.exec(conn)`.
        // Read: "Architecture patterns", "Exercise: a reliable task queue".
        let _ = (conn, processing, raw, task);
        todo!("write the result and take the task off its processing list")
        // ANCHOR_END: todo-finish
    }

    /// A malformed task goes to the dead-letter list with the reason, and off ours.
    fn bury(
        &self,
        conn: &mut Connection,
        processing: &str,
        raw: &str,
        reason: &str,
    ) -> RedisResult<()> {
        // ANCHOR: todo-bury
        // TODO: LPUSH `{"task": raw, "reason": reason}` (serde_json::json!) onto
        // `self.keys.dead()` and LREM `raw` from `processing`, both in one MULTI/EXEC.
        let _ = (conn, processing, raw, reason);
        todo!("set the malformed task aside")
        // ANCHOR_END: todo-bury
    }

    /// Move every task of the processing list `list` back onto the queue, where the
    /// next BLMOVE takes it first.
    pub fn requeue(&self, conn: &mut Connection, list: &str) -> RedisResult<usize> {
        // ANCHOR: todo-requeue
        // TODO: LMOVE the tasks of `list` back onto the queue, one at a time, until the
        // list is empty (`conn.lmove::<_, _, Option<String>>(…)` gives `None`); return how
        // many moved. Which end of the queue do they go to, so they are taken next?
        let _ = (conn, list);
        todo!("give the tasks back")
        // ANCHOR_END: todo-requeue
    }

    /// Renew our slots' leases.
    fn renew(&self, conn: &mut Connection, slots: &[String]) -> RedisResult<()> {
        let mut pipe = redis::pipe();
        for slot in slots {
            pipe.set_ex(
                self.keys.lease(slot),
                std::process::id(),
                self.lease_seconds,
            );
        }
        pipe.exec(conn)
    }

    /// The reaper: give back the tasks of every processing list whose owner's lease
    /// has expired (a worker killed, or cut off from Redis for too long).
    pub fn reap(&self, conn: &mut Connection) -> RedisResult<usize> {
        // ANCHOR: todo-reap
        // TODO: find every processing list of this queue (`conn.scan_match`, the pattern
        // `<queue>:processing:*`); for each whose slot (`self.keys.slot_of`) has no lease
        // key (`conn.exists(self.keys.lease(slot))`), `self.requeue` it. Return how many
        // tasks went back.
        let _ = conn;
        todo!("reap the processing lists of dead workers")
        // ANCHOR_END: todo-reap
    }

    /// The heartbeat thread: renew the leases and reap, every third of the lease,
    /// until `done`; then drop the leases (our lists are empty by then).
    pub fn heartbeat(&self, slots: &[String], done: &AtomicBool) {
        let tick = Duration::from_millis(self.lease_seconds * 1000 / 3);
        let mut conn = None;
        while !done.load(Ordering::SeqCst) {
            if conn.is_none() {
                conn = self.connect("heartbeat");
            }
            if let Some(live) = conn.as_mut() {
                let beat = self.renew(live, slots).and_then(|()| self.reap(live));
                if let Err(err) = beat {
                    eprintln!(
                        "queue-worker: heartbeat: lost the connection to Redis ({err}); reconnecting"
                    );
                    conn = None;
                    continue;
                }
            }
            sleep_unless(tick, done);
        }
        if let Some(live) = conn.as_mut() {
            let leases: Vec<String> = slots.iter().map(|slot| self.keys.lease(slot)).collect();
            let _: RedisResult<()> = live.del(leases);
        }
    }
}

/// Sleep for `total`, waking early once `flag` is set.
fn sleep_unless(total: Duration, flag: &AtomicBool) {
    let step = Duration::from_millis(50);
    let mut slept = Duration::ZERO;
    while slept < total && !flag.load(Ordering::SeqCst) {
        thread::sleep(step);
        slept += step;
    }
}
