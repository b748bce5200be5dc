//! Two architecture patterns (the chapter "Architecture patterns"): a sidecar worker thread that Python
//! feeds through a channel, and a task queue that Python fills and Rust drains.

use std::collections::HashMap;
use std::sync::mpsc;
use std::thread;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

use crate::functions::count_unique_words;

// ANCHOR: background_worker
/// A Rust thread that counts words in the background while Python carries on.
///
/// `submit` hands a text to the thread through a channel and returns at once;
/// `finish` closes the channel, waits for the thread and returns the counts.
#[pyclass(module = "rust_demo")]
pub struct BackgroundWorker {
    sender: Option<mpsc::Sender<String>>,
    thread: Option<thread::JoinHandle<HashMap<String, u64>>>,
}

#[pymethods]
impl BackgroundWorker {
    #[new]
    pub fn new() -> Self {
        let (sender, receiver) = mpsc::channel::<String>();
        let thread = thread::spawn(move || {
            let mut counts = HashMap::new();
            // The loop ends when the sender is dropped and the channel is empty.
            for text in receiver {
                for word in text.split_whitespace() {
                    *counts.entry(word.to_lowercase()).or_insert(0) += 1;
                }
            }
            counts
        });
        BackgroundWorker {
            sender: Some(sender),
            thread: Some(thread),
        }
    }

    /// Queue a text for the worker. Returns immediately.
    pub fn submit(&self, text: String) -> PyResult<()> {
        let sender = self.sender.as_ref().ok_or_else(|| {
            PyRuntimeError::new_err("the worker has finished; create a new BackgroundWorker")
        })?;
        sender
            .send(text)
            .map_err(|_| PyRuntimeError::new_err("the worker thread has stopped"))
    }

    /// Stop accepting work, wait for the thread, and return how often each word
    /// (lower-cased) occurred in all the submitted texts.
    pub fn finish(&mut self, py: Python<'_>) -> PyResult<HashMap<String, u64>> {
        // Dropping the sender closes the channel: the thread's loop ends once it has
        // processed everything already sent.
        self.sender = None;
        let thread = self
            .thread
            .take()
            .ok_or_else(|| PyRuntimeError::new_err("finish() was already called"))?;
        // Wait without holding the interpreter, so other Python threads can run.
        py.detach(|| thread.join())
            .map_err(|_| PyRuntimeError::new_err("the worker thread panicked"))
    }
}

impl Default for BackgroundWorker {
    fn default() -> Self {
        Self::new()
    }
}
// ANCHOR_END: background_worker

// ANCHOR: task_queue
/// Python code adds texts whenever it likes; `drain` takes them all and counts
/// each one's unique words in Rust, with the interpreter released.
#[pyclass(module = "rust_demo")]
#[derive(Default)]
pub struct TaskQueue {
    tasks: Vec<String>,
}

#[pymethods]
impl TaskQueue {
    #[new]
    pub fn new() -> Self {
        TaskQueue::default()
    }

    pub fn push(&mut self, text: String) {
        self.tasks.push(text);
    }

    /// How many tasks are waiting.
    pub fn __len__(&self) -> usize {
        self.tasks.len()
    }

    /// Process every waiting task, oldest first; return one result per task.
    ///
    /// The tasks are moved out while the queue is borrowed, and the borrow ends
    /// before the work starts: other Python threads can `push` meanwhile. With
    /// `&mut self` instead, their `push` would fail with "Already borrowed".
    pub fn drain(queue: &Bound<'_, Self>) -> Vec<usize> {
        let tasks = std::mem::take(&mut queue.borrow_mut().tasks);
        queue
            .py()
            .detach(|| tasks.iter().map(|text| count_unique_words(text)).collect())
    }
}
// ANCHOR_END: task_queue
