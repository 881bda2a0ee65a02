//! Messages of the public pages of the council's record: delegates, calendar, sessions, resolutions.

pub const MESSAGES: &[(&str, &str, &str)] = &[];
