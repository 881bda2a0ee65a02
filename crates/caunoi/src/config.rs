//! Settings: command-line flags, then `CAUNOI_*` environment variables, then `caunoi.toml`,
//! then defaults that serve a newcomer. A wrong value stops start-up with one line naming the
//! setting, where it came from, and what is wrong.

use serde::Deserialize;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Where a value came from, so an error can say which one to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Flag,
    Env,
    File,
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Source::Flag => "command line",
            Source::Env => "environment",
            Source::File => "caunoi.toml",
            Source::Default => "default",
        })
    }
}

#[derive(Debug)]
pub struct ConfigError {
    pub setting: &'static str,
    pub source: Source,
    pub problem: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "setting `{}` (from {}): {}",
            self.setting, self.source, self.problem
        )
    }
}

impl std::error::Error for ConfigError {}

/// The optional file, every key optional; unknown keys are refused so a typo is noticed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub addr: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub public_url: Option<String>,
    pub trusted_proxy: Option<String>,
    pub metrics_allow: Option<String>,
    pub metrics_token: Option<String>,
    pub smtp_url: Option<String>,
    pub mail_from: Option<String>,
    pub log_format: Option<String>,
}

impl FileConfig {
    /// Reads `path` when given (it must exist), else `./caunoi.toml` when present.
    pub fn load(path: Option<&Path>) -> Result<FileConfig, ConfigError> {
        let (path, required) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => (PathBuf::from("caunoi.toml"), false),
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(FileConfig::default());
            }
            Err(e) => {
                return Err(ConfigError {
                    setting: "config",
                    source: Source::Flag,
                    problem: format!("cannot read {}: {e}", path.display()),
                });
            }
        };
        toml::from_str(&text).map_err(|e| ConfigError {
            setting: "config",
            source: Source::File,
            problem: format!("{}: {}", path.display(), e.message()),
        })
    }
}

/// A value and where it came from.
#[derive(Debug, Clone)]
pub struct Sourced<T> {
    pub value: T,
    pub source: Source,
}

/// Picks the first present of flag/env (as clap reports it) and file, else the default.
pub fn pick<T>(cli: Option<(T, Source)>, file: Option<T>, default: T) -> Sourced<T> {
    match (cli, file) {
        (Some((value, source)), _) => Sourced { value, source },
        (None, Some(value)) => Sourced {
            value,
            source: Source::File,
        },
        (None, None) => Sourced {
            value: default,
            source: Source::Default,
        },
    }
}

/// The resolved settings of data commands.
#[derive(Debug, Clone)]
pub struct DataConfig {
    pub data_dir: PathBuf,
    pub database_url: String,
}

pub fn data_config(
    data_dir: Sourced<PathBuf>,
    database_url: Option<Sourced<String>>,
) -> Result<DataConfig, ConfigError> {
    if data_dir.value.as_os_str().is_empty() {
        return Err(ConfigError {
            setting: "data-dir",
            source: data_dir.source,
            problem: "must not be empty; the default is ./data".into(),
        });
    }
    if data_dir.value.exists() && !data_dir.value.is_dir() {
        return Err(ConfigError {
            setting: "data-dir",
            source: data_dir.source,
            problem: format!("{} exists and is not a folder", data_dir.value.display()),
        });
    }
    let database_url = match database_url {
        Some(u) => {
            let v = u.value.trim().to_owned();
            let ok = v.starts_with("postgres://")
                || v.starts_with("postgresql://")
                || v.starts_with("sqlite:");
            if !ok {
                return Err(ConfigError {
                    setting: "database-url",
                    source: u.source,
                    problem: format!(
                        "'{v}' is not supported; use postgres://user@host:5432/db or sqlite:PATH (default: sqlite at DATA_DIR/caunoi.db)"
                    ),
                });
            }
            v
        }
        None => format!("sqlite:{}", data_dir.value.join("caunoi.db").display()),
    };
    Ok(DataConfig {
        data_dir: data_dir.value,
        database_url,
    })
}

pub fn parse_addr(a: &Sourced<String>) -> Result<SocketAddr, ConfigError> {
    a.value.trim().parse().map_err(|_| ConfigError {
        setting: "addr",
        source: a.source,
        problem: format!(
            "'{}' is not an address like 127.0.0.1:8080 (port 0 picks a free port)",
            a.value
        ),
    })
}

pub fn parse_public_url(u: &Sourced<String>) -> Result<String, ConfigError> {
    let v = u.value.trim().trim_end_matches('/');
    let rest = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(' ') => Ok(v.to_owned()),
        _ => Err(ConfigError {
            setting: "public-url",
            source: u.source,
            problem: format!("'{}' is not a URL like https://hdnd.hanoi.gov.vn", u.value),
        }),
    }
}

pub fn parse_trusted_proxy(
    t: &Sourced<String>,
) -> Result<caunoi_web::client_addr::TrustedProxies, ConfigError> {
    caunoi_web::client_addr::TrustedProxies::parse(&t.value).map_err(|problem| ConfigError {
        setting: "trusted-proxy",
        source: t.source,
        problem,
    })
}

pub fn parse_metrics_allow(
    a: &Sourced<String>,
) -> Result<caunoi_web::client_addr::TrustedProxies, ConfigError> {
    caunoi_web::client_addr::TrustedProxies::parse(&a.value).map_err(|problem| ConfigError {
        setting: "metrics-allow",
        source: a.source,
        problem,
    })
}

/// A token long enough not to be guessed, and one that fits in an `Authorization` header.
pub fn parse_metrics_token(t: &Sourced<String>) -> Result<String, ConfigError> {
    let v = t.value.trim();
    if v.chars().count() < 16 || !v.chars().all(|c| c.is_ascii_graphic()) {
        return Err(ConfigError {
            setting: "metrics-token",
            source: t.source,
            problem: "must be at least 16 characters, ASCII letters, digits or punctuation, \
                      without spaces (e.g. the output of `openssl rand -hex 32`)"
                .into(),
        });
    }
    Ok(v.to_owned())
}

pub fn parse_smtp_url(u: &Sourced<String>) -> Result<caunoi_app::mail::SmtpRelay, ConfigError> {
    caunoi_app::mail::SmtpRelay::parse(&u.value).map_err(|problem| ConfigError {
        setting: "smtp-url",
        source: u.source,
        problem,
    })
}

pub fn parse_mail_from(a: &Sourced<String>) -> Result<String, ConfigError> {
    let v = a.value.trim();
    match v.split_once('@') {
        Some((local, domain))
            if !local.is_empty()
                && domain.contains('.')
                && !v.contains(|c: char| c.is_whitespace() || "<>\"".contains(c)) =>
        {
            Ok(v.to_owned())
        }
        _ => Err(ConfigError {
            setting: "mail-from",
            source: a.source,
            problem: format!(
                "'{}' is not an e-mail address like hdnd@hanoi.gov.vn",
                a.value
            ),
        }),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

pub fn parse_log_format(f: &Sourced<String>) -> Result<LogFormat, ConfigError> {
    match f.value.trim() {
        "text" => Ok(LogFormat::Text),
        "json" => Ok(LogFormat::Json),
        other => Err(ConfigError {
            setting: "log-format",
            source: f.source,
            problem: format!("'{other}' is not text or json"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str, source: Source) -> Sourced<String> {
        Sourced {
            value: v.into(),
            source,
        }
    }

    #[test]
    fn flags_beat_file_beats_default() {
        assert_eq!(pick(Some((1, Source::Flag)), Some(2), 3).value, 1);
        let p = pick(None, Some(2), 3);
        assert_eq!((p.value, p.source), (2, Source::File));
        assert_eq!(pick::<i32>(None, None, 3).source, Source::Default);
    }

    #[test]
    fn errors_name_setting_and_source() {
        let e = parse_addr(&s("localhost", Source::Env))
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "setting `addr` (from environment): 'localhost' is not an address like 127.0.0.1:8080 (port 0 picks a free port)"
        );
        let e = data_config(
            Sourced {
                value: PathBuf::from("data"),
                source: Source::Default,
            },
            Some(s("mysql://x", Source::Flag)),
        )
        .unwrap_err();
        assert_eq!(e.setting, "database-url");
        assert!(parse_public_url(&s("ftp://x", Source::File)).is_err());
        assert!(parse_log_format(&s("yaml", Source::Flag)).is_err());
    }

    #[test]
    fn default_database_is_sqlite_in_the_data_dir() {
        let c = data_config(
            Sourced {
                value: PathBuf::from("data"),
                source: Source::Default,
            },
            None,
        )
        .unwrap();
        assert_eq!(c.database_url, "sqlite:data/caunoi.db");
    }

    #[test]
    fn unknown_file_keys_are_refused() {
        let e = toml::from_str::<FileConfig>("adress = \"x\"").unwrap_err();
        assert!(e.message().contains("adress"), "{}", e.message());
    }
}
