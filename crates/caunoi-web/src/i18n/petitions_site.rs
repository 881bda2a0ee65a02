//! Messages of the petitions area (petitions_site).

pub const MESSAGES: &[(&str, &str, &str)] = &[];
