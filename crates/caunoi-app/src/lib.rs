//! Use cases of Cầu Nối: one function per user action. Each checks permission through
//! `caunoi_domain::Actor::may`, and commits its change, its audit row and its outbox event in
//! one transaction. Web pages, the JSON API and the CLI all call these functions.

pub mod accounts;
pub mod articles;
pub mod audit;
pub mod auth;
pub mod councils;
pub mod demo;
mod demo_news;
mod demo_petitions;
mod demo_record;
pub mod documents;
pub mod error;
pub mod events;
pub mod jobs;
pub mod mail;
pub mod opendata;
pub mod petitions;
pub mod record;
pub mod registry;
pub mod resolutions;
pub mod search;
pub mod units;
pub mod workspace;

pub use caunoi_store::{Db, Page};
pub use error::AppError;

use caunoi_domain::Actor;

pub type AppResult<T> = Result<T, AppError>;

/// Who is acting and from where: every use case takes one, so the audit row can say it.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub actor: Actor,
    pub ip: Option<String>,
    pub request_id: Option<String>,
}

impl Ctx {
    pub fn new(actor: Actor) -> Self {
        Self {
            actor,
            ip: None,
            request_id: None,
        }
    }

    /// The operator at the command line.
    pub fn operator() -> Self {
        Self::new(Actor::operator())
    }
}

/// The application: the database and the settings the use cases need.
#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub settings: Settings,
    /// The search index of this node, when one is open (the server and `caunoi reindex`).
    pub search: Option<search::SharedSearch>,
    /// Per-council near-duplicate indexes of petitions, kept in this process and brought up to
    /// date when petitions change (see `petitions::groups`).
    pub similar: std::sync::Arc<petitions::SimilarCache>,
}

#[derive(Debug, Clone)]
pub struct Settings {
    /// How long a sign-in session lasts.
    pub session_hours: i64,
    /// Failed sign-ins allowed per account (and per address ×4) within `throttle_minutes`.
    pub max_failures: i64,
    pub throttle_minutes: i64,
    /// Where uploaded images are kept (`DATA_DIR/media`).
    pub media_dir: std::path::PathBuf,
    /// Where outgoing e-mail is written as `.eml` files (`DATA_DIR/mail`; the file transport).
    pub mail_dir: std::path::PathBuf,
    /// The portal's public address, for links in e-mail.
    pub public_url: String,
    /// The SMTP relay that delivers e-mail; `None`: `.eml` files in `mail_dir`.
    pub smtp: Option<mail::SmtpRelay>,
    /// The sender address of notifications (and the envelope sender).
    pub mail_from: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            session_hours: 12,
            max_failures: 5,
            throttle_minutes: 15,
            media_dir: std::path::PathBuf::from("data/media"),
            mail_dir: std::path::PathBuf::from("data/mail"),
            public_url: "http://127.0.0.1:8080".into(),
            smtp: None,
            mail_from: "no-reply@caunoi.invalid".into(),
        }
    }
}

impl App {
    pub fn new(db: Db) -> Self {
        Self {
            db,
            settings: Settings::default(),
            search: None,
            similar: Default::default(),
        }
    }
}
