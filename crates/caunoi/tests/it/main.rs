//! Front-door tests: HTTP against the real router and the real binary, on a fresh database,
//! on SQLite always and on PostgreSQL when `CAUNOI_TEST_PG_URL` is set.

mod api;
mod auth;
mod backup;
mod cli;
mod costly_work;
mod durability;
mod mail;
mod newsroom;
mod permissions;
mod petitions_api;
mod petitions_core;
mod petitions_followup;
mod petitions_groups;
mod petitions_media;
mod petitions_media_api;
mod petitions_site;
mod petitions_stats;
mod petitions_workspace;
mod redirects;
mod registry_api;
mod registry_site;
mod registry_workspace;
mod search;
mod site;
mod snapshots;
mod store;
mod web_hardening;
