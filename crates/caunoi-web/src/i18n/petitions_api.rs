//! Messages of the petitions area (petitions_api).

pub const MESSAGES: &[(&str, &str, &str)] = &[];
