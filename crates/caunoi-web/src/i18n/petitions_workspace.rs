//! Messages of the petitions area (petitions_workspace).

pub const MESSAGES: &[(&str, &str, &str)] = &[];
