//! Exercise 14: three bugs, three tools.
//!
//! This module works, mostly: its common cases pass their tests. Three of its
//! functions have a bug each, and each bug shows itself in its own way: a panic, a
//! crash of the whole interpreter, a program that hangs. TODO: find each bug with the
//! tool the chapter "Debugging and profiling across the boundary" teaches for its
//! symptom, and fix it where it is. Change as little as you can: the rest of the code
//! is right. Then run `cargo workshop check 14`.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

// ANCHOR: smooth
/// The `width` readings that start at `start`.
fn window(readings: &[f64], start: usize, width: usize) -> &[f64] {
    &readings[start..start + width]
}

fn mean(readings: &[f64]) -> f64 {
    readings.iter().sum::<f64>() / readings.len() as f64
}

/// The mean of every run of `width` consecutive readings, in order: a series of n
/// readings has n - width + 1 of them. Needs 1 <= `width` <= `readings.len()`.
pub fn moving_average(readings: &[f64], width: usize) -> Vec<f64> {
    let windows = readings.len() - width + 1;
    (0..=windows)
        .map(|start| mean(window(readings, start, width)))
        .collect()
}

/// Smooth a series of readings with a moving average over `width` of them.
#[pyfunction]
pub fn smooth(readings: Vec<f64>, width: usize) -> PyResult<Vec<f64>> {
    if width == 0 || width > readings.len() {
        return Err(PyValueError::new_err(format!(
            "width must be between 1 and the number of readings ({}), not {width}",
            readings.len()
        )));
    }
    Ok(moving_average(&readings, width))
}
// ANCHOR_END: smooth

// ANCHOR: group_path
/// The groups above `name` and `name` itself, root first: with `parents` saying that
/// `cpu.user` is in `cpu` and `cpu` in `host`, the path of `cpu.user` is
/// `["host", "cpu", "cpu.user"]`. A name `parents` does not list is a root. Groups
/// that contain each other raise `ValueError`.
#[pyfunction]
pub fn group_path(parents: HashMap<String, String>, name: &str) -> PyResult<Vec<String>> {
    let mut path = Vec::new();
    push_path(&parents, name, &mut path)?;
    Ok(path)
}

/// Push the path of `name` onto `path`.
fn push_path(
    parents: &HashMap<String, String>,
    name: &str,
    path: &mut Vec<String>,
) -> PyResult<()> {
    if let Some(parent) = parents.get(name) {
        push_path(parents, parent, path)?;
    }
    path.push(name.to_owned());
    Ok(())
}
// ANCHOR_END: group_path

// ANCHOR: event_bus
/// Calls every subscribed handler with each event that is published.
///
/// `frozen`: Python may share one bus between threads, so its state sits behind a
/// `Mutex` and every method takes `&self`.
#[pyclass(frozen, module = "telemetry")]
pub struct EventBus {
    handlers: Mutex<Vec<Py<PyAny>>>,
}

impl EventBus {
    /// The handlers, locked. A panic cannot leave the list half-changed, so a lock
    /// poisoned by one is still safe to use.
    fn handlers(&self) -> MutexGuard<'_, Vec<Py<PyAny>>> {
        self.handlers.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[pymethods]
impl EventBus {
    #[new]
    fn new() -> Self {
        EventBus {
            handlers: Mutex::new(Vec::new()),
        }
    }

    /// Call `handler(event)` for every event published from now on.
    fn subscribe(&self, handler: Py<PyAny>) {
        self.handlers().push(handler);
    }

    /// Stop calling `handler` (the very object, as `is` compares).
    fn unsubscribe(&self, handler: &Bound<'_, PyAny>) {
        let removed = {
            let mut handlers = self.handlers();
            let position = handlers
                .iter()
                .position(|subscribed| handler.is(subscribed));
            position.map(|index| handlers.remove(index))
        };
        // Dropped here, after the lock: the last reference to a handler runs its
        // `__del__`, which is Python code like any other.
        drop(removed);
    }

    /// Call every handler with `event`, in the order they subscribed; return how many
    /// were called. An exception from a handler stops the others and is raised here.
    fn publish(&self, event: &Bound<'_, PyAny>) -> PyResult<usize> {
        let py = event.py();
        let handlers = self.handlers();
        for handler in handlers.iter() {
            handler.call1(py, (event,))?;
        }
        Ok(handlers.len())
    }

    /// How many handlers are subscribed.
    fn __len__(&self) -> usize {
        self.handlers().len()
    }
}
// ANCHOR_END: event_bus

// ANCHOR: module
/// The Python module `telemetry`. Its name must match `module-name` in pyproject.toml.
#[pymodule(name = "telemetry")]
mod telemetry_module {
    #[pymodule_export]
    use super::{EventBus, group_path, smooth};
}
// ANCHOR_END: module
