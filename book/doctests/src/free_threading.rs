//! The free-threading section of the chapter "Performance": a class that several
//! threads may share, the module option that says so, and the run-time borrow error
//! that a class with `&mut self` methods gives a second borrower.
//!
//! Tested on the ordinary (GIL) build of CPython, which is what the workshop installs.

use std::sync::atomic::{AtomicI64, Ordering};

use pyo3::prelude::*;

// ANCHOR: detach
/// The sum of the digits of every number below `n`: arithmetic only, no Python.
#[pyfunction]
pub fn digit_sum_below(py: Python<'_>, n: u64) -> u64 {
    // Let go of the interpreter while Rust works: other Python threads run meanwhile.
    // The closure is given no `py`, so it cannot touch a Python object by mistake.
    py.detach(|| (0..n).map(digit_sum).sum())
}

fn digit_sum(mut k: u64) -> u64 {
    let mut sum = 0;
    while k > 0 {
        sum += k % 10;
        k /= 10;
    }
    sum
}
// ANCHOR_END: detach

// ANCHOR: frozen_counter
/// A counter that any number of threads may bump at once, with or without a GIL.
///
/// `frozen` promises that Python never gets `&mut self`: PyO3 then keeps no borrow flag
/// for the object, and every method takes `&self`. The atomic makes each change safe
/// on its own, so no lock (and no GIL) is needed to count correctly.
#[pyclass(frozen, module = "hits")]
pub struct HitCounter {
    hits: AtomicI64,
}

#[pymethods]
impl HitCounter {
    #[new]
    pub fn new() -> Self {
        HitCounter {
            hits: AtomicI64::new(0),
        }
    }

    /// Add one and return the new count.
    pub fn hit(&self) -> i64 {
        // `fetch_add` returns the value before the addition. `Relaxed` is enough for
        // a counter: no other memory is published through it.
        self.hits.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// The count so far.
    pub fn count(&self) -> i64 {
        self.hits.load(Ordering::Relaxed)
    }
}
// ANCHOR_END: frozen_counter

impl Default for HitCounter {
    fn default() -> Self {
        Self::new()
    }
}

// ANCHOR: gil_used
// `gil_used = false` is PyO3 0.30's default, written out here to be seen: the module
// promises a free-threaded interpreter that it is safe to run without the GIL.
#[pymodule(name = "hits", gil_used = false)]
mod hits_module {
    #[pymodule_export]
    use super::HitCounter;
}
// ANCHOR_END: gil_used

// ANCHOR: plain_counter
/// The same counter written the ordinary way: a plain field and a `&mut self` method.
/// PyO3 checks each `&mut self` borrow at run time, and refuses a second one.
#[pyclass(module = "hits")]
pub struct PlainCounter {
    hits: i64,
}

#[pymethods]
impl PlainCounter {
    #[new]
    pub fn new() -> Self {
        PlainCounter { hits: 0 }
    }

    /// Add one and return the new count.
    pub fn hit(&mut self) -> i64 {
        self.hits += 1;
        self.hits
    }
}
// ANCHOR_END: plain_counter

impl Default for PlainCounter {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pyo3::exceptions::PyRuntimeError;

    const THREADS: usize = 4;
    const HITS_PER_THREAD: i64 = 1_000;

    #[test]
    fn threads_share_a_frozen_counter_without_losing_a_hit() {
        Python::initialize();
        Python::attach(|py| {
            let module = pyo3::wrap_pymodule!(hits_module)(py);
            let counter: Py<PyAny> = module.getattr(py, "HitCounter").unwrap().call0(py).unwrap();
            // Let go of the interpreter while the threads run: each one attaches
            // itself, and calls the method through Python as a user's thread would.
            py.detach(|| {
                std::thread::scope(|scope| {
                    for _ in 0..THREADS {
                        scope.spawn(|| {
                            Python::attach(|py| {
                                let counter = counter.bind(py);
                                for _ in 0..HITS_PER_THREAD {
                                    counter.call_method0("hit").unwrap();
                                }
                            });
                        });
                    }
                });
            });
            let count: i64 = counter
                .call_method0(py, "count")
                .unwrap()
                .extract(py)
                .unwrap();
            assert_eq!(count, THREADS as i64 * HITS_PER_THREAD);
        });
    }

    #[test]
    fn a_second_mutable_borrow_is_a_runtime_error() {
        Python::initialize();
        Python::attach(|py| {
            let counter = Bound::new(py, PlainCounter::new()).unwrap();
            // Hold a mutable borrow, as a method that is still running would.
            let held = counter.borrow_mut();
            let Err(refused) = counter.try_borrow_mut() else {
                panic!("a second mutable borrow was allowed");
            };
            assert_eq!(refused.to_string(), "Already borrowed");
            // A call from Python meets the same refusal, as a RuntimeError.
            let err = counter.call_method0("hit").unwrap_err();
            assert!(err.is_instance_of::<PyRuntimeError>(py), "{err}");
            drop(held);
            // Once the first borrow has ended, the next call goes through.
            let hits: i64 = counter.call_method0("hit").unwrap().extract().unwrap();
            assert_eq!(hits, 1);
        });
    }

    #[test]
    fn digit_sums_come_back_from_a_detached_closure() {
        Python::initialize();
        Python::attach(|py| {
            // 0 + 1 + … + 9 = 45, and below 100 each digit appears 10 times in each place.
            assert_eq!(digit_sum_below(py, 10), 45);
            assert_eq!(digit_sum_below(py, 100), 900);
        });
    }

    #[test]
    fn a_frozen_class_needs_no_borrow_to_be_read() {
        Python::initialize();
        Python::attach(|py| {
            let counter = Py::new(py, HitCounter::new()).unwrap();
            // `Py::get` works only for frozen classes: there is no borrow to take.
            assert_eq!(counter.get().hit(), 1);
            assert_eq!(counter.get().count(), 1);
        });
    }
}
