//! The learner's wing: everything a learner's command does and shows.

pub mod backup;
pub mod bench;
pub mod book;
pub mod chart;
pub mod doctor;
pub mod offline;
pub mod progress;
pub mod report;
pub mod session;
pub mod view;
pub mod watch;
