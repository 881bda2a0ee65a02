//! Messages of the workspace pages that keep the council's record.

pub const MESSAGES: &[(&str, &str, &str)] = &[];
