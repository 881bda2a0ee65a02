//! Integration tests for caunoi-media: one binary, images generated in code.

mod alloc;
mod fixtures;
mod process;
mod props;
mod store;
