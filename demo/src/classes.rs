//! Classes: a Rust struct that Python code creates, calls and prints.

use std::collections::VecDeque;

use pyo3::exceptions::{PyIndexError, PyValueError};
use pyo3::prelude::*;

// ANCHOR: moving_average
/// The average of the last `window_size` values added.
#[pyclass(module = "rust_demo")]
pub struct MovingAverage {
    window_size: usize,
    values: VecDeque<f64>,
}

#[pymethods]
impl MovingAverage {
    #[new]
    pub fn new(window_size: usize) -> PyResult<Self> {
        if window_size == 0 {
            return Err(PyValueError::new_err("Window size must be positive"));
        }
        // No `with_capacity(window_size)`: a window of 2**60 must not allocate 2**60 slots.
        Ok(MovingAverage {
            window_size,
            values: VecDeque::new(),
        })
    }

    /// Add a value, dropping the oldest one if the window is full; return the new average.
    pub fn add(&mut self, value: f64) -> f64 {
        if self.values.len() == self.window_size {
            self.values.pop_front();
        }
        self.values.push_back(value);
        self.average()
    }

    /// The average of the values in the window, 0.0 when there are none.
    pub fn average(&self) -> f64 {
        if self.values.is_empty() {
            return 0.0;
        }
        self.values.iter().sum::<f64>() / self.values.len() as f64
    }

    /// How many values are in the window.
    pub fn count(&self) -> usize {
        self.values.len()
    }

    pub fn clear(&mut self) {
        self.values.clear();
    }

    pub fn __repr__(&self) -> String {
        format!(
            "MovingAverage(window_size={}, count={}, avg={:.2})",
            self.window_size,
            self.values.len(),
            self.average()
        )
    }
}
// ANCHOR_END: moving_average

// ANCHOR: ring_buffer
/// The last `capacity` values pushed, oldest first. `len()` and `buffer[i]` work
/// because the class defines `__len__` and `__getitem__`.
#[pyclass(module = "rust_demo")]
pub struct RingBuffer {
    capacity: usize,
    items: VecDeque<f64>,
}

#[pymethods]
impl RingBuffer {
    #[new]
    pub fn new(capacity: usize) -> PyResult<Self> {
        if capacity == 0 {
            return Err(PyValueError::new_err("Capacity must be positive"));
        }
        Ok(RingBuffer {
            capacity,
            items: VecDeque::new(),
        })
    }

    /// Add a value; when the buffer is full, the oldest value makes room.
    pub fn push(&mut self, value: f64) {
        if self.items.len() == self.capacity {
            self.items.pop_front();
        }
        self.items.push_back(value);
    }

    pub fn is_full(&self) -> bool {
        self.items.len() == self.capacity
    }

    /// The values as a Python list, oldest first.
    pub fn to_list(&self) -> Vec<f64> {
        self.items.iter().copied().collect()
    }

    pub fn __len__(&self) -> usize {
        self.items.len()
    }

    /// `buffer[0]` is the oldest value, `buffer[-1]` the newest, like a list.
    pub fn __getitem__(&self, index: isize) -> PyResult<f64> {
        let position = if index < 0 {
            index.checked_add_unsigned(self.items.len())
        } else {
            Some(index)
        };
        position
            .and_then(|position| usize::try_from(position).ok())
            .and_then(|position| self.items.get(position).copied())
            .ok_or_else(|| PyIndexError::new_err("RingBuffer index out of range"))
    }

    pub fn __repr__(&self) -> String {
        format!(
            "RingBuffer(len={}, capacity={})",
            self.items.len(),
            self.capacity
        )
    }
}
// ANCHOR_END: ring_buffer
