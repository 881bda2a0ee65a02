//! Integration tests of the public API: the shared real export, synthetic exports written
//! for each rule, the Markdown rendering, and properties.

mod fixture;
mod markdown;
mod props;
mod synthetic;

/// Joins lines with LF; synthetic exports are written line by line for readability.
pub fn export(lines: &[&str]) -> String {
    lines.join("\n")
}
