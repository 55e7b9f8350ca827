//! The fuzz targets' shared checks; see `harness.rs`, which `tests/robustness.rs`
//! includes too.

pub mod harness;
