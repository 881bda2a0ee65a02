//! Integration tests of the public API: tables of real words plus property tests.

mod collation;
mod legacy;
mod props;
mod text;
mod tone;
