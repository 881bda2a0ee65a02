//! The command line: what each command takes, with an example in its help.

use crate::commands;
use crate::config::{self, FileConfig, Source, Sourced};
use clap::parser::ValueSource;
use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "caunoi",
    version,
    about = "Cầu Nối: cổng thông tin của Hội đồng nhân dân / the people's council portal",
    after_help = "Examples:\n  caunoi serve --demo              run with demo content at http://127.0.0.1:8080\n  caunoi serve --database-url postgres://postgres@127.0.0.1:5432/caunoi\n  caunoi user add --email an@hdnd.vn --name 'Nguyễn Văn An' --role editor --unit 01 --password-stdin"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug)]
pub struct Global {
    /// Folder for the database, search index and media [default: ./data]
    #[arg(long, env = "CAUNOI_DATA_DIR", global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// postgres://... to use PostgreSQL [default: SQLite at DATA_DIR/caunoi.db]
    #[arg(long, env = "CAUNOI_DATABASE_URL", global = true, value_name = "URL")]
    pub database_url: Option<String>,
    /// Settings file [default: ./caunoi.toml when present]
    #[arg(long, env = "CAUNOI_CONFIG", global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Log format: text or json [default: text]
    #[arg(long, env = "CAUNOI_LOG_FORMAT", global = true, value_name = "FORMAT")]
    pub log_format: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the portal (applies migrations and loads administrative units on first start)
    #[command(
        after_help = "Examples:\n  caunoi serve --demo\n  caunoi serve --addr 127.0.0.1:0          # any free port; prints the URL\n  caunoi serve --addr 0.0.0.0:8080 --public-url https://hdnd.example.vn"
    )]
    Serve(ServeArgs),
    /// Apply database migrations and exit
    #[command(
        after_help = "Example:\n  caunoi migrate --database-url postgres://postgres@127.0.0.1:5432/caunoi"
    )]
    Migrate,
    /// Import reference data or content
    #[command(subcommand)]
    Import(ImportCommand),
    /// Rebuild the search index from the database (stop the server on this data folder first)
    #[command(after_help = "Example:\n  caunoi reindex --data-dir /srv/caunoi/data")]
    Reindex,
    /// Manage accounts
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API bearer tokens
    #[command(subcommand)]
    Token(TokenCommand),
    /// Write a consistent backup while the server runs
    #[command(
        after_help = "Examples:\n  caunoi backup backups/caunoi-2026-11-26.db           # SQLite: a snapshot (VACUUM INTO)\n  caunoi backup --database-url postgres://... caunoi.dump   # PostgreSQL: pg_dump custom format"
    )]
    Backup {
        /// The backup file to write (must not exist)
        file: PathBuf,
    },
    /// Write the office's reports (DOCX or XLSX)
    #[command(subcommand)]
    Report(ReportCommand),
    /// Restore a backup into an empty data folder (or an empty PostgreSQL database)
    #[command(
        after_help = "Examples:\n  caunoi restore backups/caunoi-2026-11-26.db --data-dir /srv/caunoi/data\n  caunoi restore caunoi.dump --database-url postgres://postgres@127.0.0.1:5432/caunoi_new"
    )]
    Restore {
        /// The backup file written by `caunoi backup`
        file: PathBuf,
    },
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080]
    #[arg(long, env = "CAUNOI_ADDR", value_name = "HOST:PORT")]
    pub addr: Option<String>,
    /// The public https URL when behind a proxy (makes cookies Secure) [default: http://ADDR]
    #[arg(long, env = "CAUNOI_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
    /// Reverse proxies whose X-Forwarded-For names the client, e.g. "127.0.0.1, 10.0.0.0/8" (rate limits count by that address) [default: none]
    #[arg(long, env = "CAUNOI_TRUSTED_PROXY", value_name = "ADDRESSES")]
    pub trusted_proxy: Option<String>,
    /// Who may read /metrics: addresses or blocks, e.g. "127.0.0.1, 10.0.0.0/8" [default: loopback only]
    #[arg(long, env = "CAUNOI_METRICS_ALLOW", value_name = "ADDRESSES")]
    pub metrics_allow: Option<String>,
    /// A bearer token that opens /metrics from any address (at least 16 characters) [default: none]
    #[arg(
        long,
        env = "CAUNOI_METRICS_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub metrics_token: Option<String>,
    /// SMTP relay for notification e-mail, e.g. smtp://127.0.0.1:25 (plain SMTP to the council's mail server or a local Postfix) [default: .eml files in DATA_DIR/mail]
    #[arg(long, env = "CAUNOI_SMTP_URL", value_name = "URL")]
    pub smtp_url: Option<String>,
    /// Sender address of notification e-mail [default: no-reply@caunoi.invalid]
    #[arg(long, env = "CAUNOI_MAIL_FROM", value_name = "ADDRESS")]
    pub mail_from: Option<String>,
    /// Fill an empty data folder with demo content and print the admin's one-time password
    #[arg(long)]
    pub demo: bool,
}

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// Import articles exported as plain text from an older council portal (published with their original time)
    #[command(
        after_help = "Example:\n  caunoi import article export/*.txt --unit 01\n\nImporting the same file twice changes nothing; related-draft lines become links when the target exists."
    )]
    Article {
        /// One or more exported text files (UTF-8, TCVN3, VNI or Windows-1258)
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The council's unit code [default: the site's council]
        #[arg(long)]
        unit: Option<String>,
    },
    /// Import a delegate list (CSV with Vietnamese headers: Họ và tên, Năm sinh, Giới tính, Dân tộc, Nghề nghiệp, Nơi công tác, Đảng viên, Đơn vị bầu cử, Chuyên trách, Chức danh)
    #[command(after_help = "Example:
  caunoi import delegates dai-bieu-khoa-xvii.csv --unit 01 --dry-run

A file with any bad row imports nothing and names every bad row; people already in the registry (same name and birth year) keep their identity; importing the same file twice adds nothing.")]
    Delegates {
        /// The CSV file (UTF-8, or TCVN3/VNI/Windows-1258 from older office software)
        file: PathBuf,
        /// The council's unit code: its current term's council body receives the seats [default: the site's council]
        #[arg(long)]
        unit: Option<String>,
        /// A body id instead (a committee, delegate group or NA delegation)
        #[arg(long)]
        body: Option<i64>,
        /// Check the file and report what would change, without writing
        #[arg(long)]
        dry_run: bool,
    },
    /// Import petitions from the office's compilation sheet (CSV or XLSX; headers such as "Nội dung kiến nghị", "Lĩnh vực", "Xã, phường", "Số cử tri")
    #[command(
        after_help = "Example:\n  caunoi import petitions tong-hop-kien-nghi.xlsx --meeting 12 --dry-run\n\nA file with any bad row imports nothing and names every bad row (line and reason) unless --skip-bad is given."
    )]
    Petitions {
        /// The CSV or XLSX file
        file: PathBuf,
        /// The voter meeting (event id) the petitions were raised at
        #[arg(long)]
        meeting: Option<i64>,
        /// Import the good rows and report the bad ones instead of importing nothing
        #[arg(long)]
        skip_bad: bool,
        /// Check the file and report what would be imported, without writing
        #[arg(long)]
        dry_run: bool,
    },
    /// Load administrative units from a CSV (code,name,short_name,kind,parent_code,valid_from,valid_to,successors)
    #[command(after_help = "Example:\n  caunoi import units assets/units/vn-admin-units.csv")]
    Units {
        /// The CSV file; importing the same file twice changes nothing
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum ReportCommand {
    /// The compilation of voters' petitions raised for a session ("Báo cáo tổng hợp ý kiến, kiến nghị của cử tri"), or the report on their answers
    #[command(
        after_help = "Examples:\n  caunoi report petitions --session 12 --format docx --out tong-hop-ky-hop-12.docx\n  caunoi report petitions --session 12 --kind answers --format xlsx --out tra-loi.xlsx\n  caunoi report petitions --session 12 --format docx --out bc.docx --number 125 --date 05/12/2026 \\\n    --authority 'TM. THƯỜNG TRỰC HĐND' --authority 'KT. CHỦ TỊCH' --signer-title 'PHÓ CHỦ TỊCH' \\\n    --signer 'Nguyễn Văn An' --recipient 'Như trên;' --recipient 'Lưu: VT.'\n\nThe compilation holds the petitions of the voter meetings linked to the session (before it) and those sent another way since the previous session ended."
    )]
    Petitions {
        /// The session (event id of kind session)
        #[arg(long)]
        session: i64,
        /// `compilation` (before the session) or `answers` (for the next session)
        #[arg(long, default_value = "compilation")]
        kind: String,
        /// `docx` or `xlsx`
        #[arg(long)]
        format: String,
        /// The file to write
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        letterhead: LetterheadArgs,
    },
}

/// The official header and signature of a report; each one left out takes the council's
/// default (its name, its place, today, TM. THƯỜNG TRỰC HĐND, CHỦ TỊCH, its chair).
#[derive(clap::Args, Debug, Default)]
pub struct LetterheadArgs {
    /// The number, digits only (printed "Số: 125/BC-HĐND"); without it the number is left blank
    #[arg(long)]
    pub number: Option<String>,
    /// The place name printed before the date, e.g. "Hà Nội"
    #[arg(long)]
    pub place: Option<String>,
    /// The date of issue as dd/mm/yyyy (default: today, Vietnam time)
    #[arg(long)]
    pub date: Option<String>,
    /// The signer's full name
    #[arg(long)]
    pub signer: Option<String>,
    /// The signer's title, e.g. "PHÓ CHỦ TỊCH"
    #[arg(long)]
    pub signer_title: Option<String>,
    /// An authority line starting with TM., KT., TL., TUQ. or Q.; repeat for two lines; give "" for none
    #[arg(long)]
    pub authority: Vec<String>,
    /// The issuing body, one line each (repeat), e.g. --issuer "HỘI ĐỒNG NHÂN DÂN" --issuer "THÀNH PHỐ HÀ NỘI"
    #[arg(long)]
    pub issuer: Vec<String>,
    /// A recipient ("Nơi nhận"), one per flag (repeat), e.g. --recipient "Như trên;" --recipient "Lưu: VT."
    /// (a leading "- " as printed is accepted)
    #[arg(long, allow_hyphen_values = true)]
    pub recipient: Vec<String>,
}

impl LetterheadArgs {
    pub fn input(self) -> caunoi_domain::letterhead::LetterheadInput {
        let lines = |v: Vec<String>| (!v.is_empty()).then(|| v.join("\n"));
        caunoi_domain::letterhead::LetterheadInput {
            issuer: lines(self.issuer),
            number: self.number,
            place: self.place,
            date: self.date,
            authority: lines(self.authority),
            signer_title: self.signer_title,
            signer: self.signer,
            recipients: lines(self.recipient),
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add an account with one role for a unit and below (the password is read from stdin)
    #[command(
        after_help = "Example:\n  echo 'mat-khau-du-dai' | caunoi user add --email an@hdnd.vn --name 'Nguyễn Văn An' --role editor --unit 01 --password-stdin"
    )]
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// citizen, contributor, editor, publisher, delegate, clerk, agency, press, council_admin or admin
        #[arg(long)]
        role: String,
        /// Official unit code (01 is Hà Nội); not needed for admin
        #[arg(long)]
        unit: Option<String>,
        /// Read the password from standard input (so it never appears in the shell history)
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Create an API bearer token for an account and print it once
    #[command(
        after_help = "Example:\n  caunoi token create --email an@hdnd.vn --label 'báo cáo' --expires-in-days 90\n  curl -H 'Authorization: Bearer cn_...' http://127.0.0.1:8080/api/v1/me"
    )]
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "cli")]
        label: String,
        /// Days until the token stops working (1 to 3650) [default: no end date]
        #[arg(long, value_name = "N")]
        expires_in_days: Option<u32>,
    },
    /// List an account's tokens (never the secrets): id, label, created, state, expires, last used
    #[command(after_help = "Example:\n  caunoi token list --email an@hdnd.vn")]
    List {
        #[arg(long)]
        email: String,
    },
    /// Revoke one of an account's tokens
    #[command(after_help = "Example:\n  caunoi token revoke --email an@hdnd.vn --id 3")]
    Revoke {
        #[arg(long)]
        email: String,
        #[arg(long)]
        id: i64,
    },
}

/// Whether a value came from the environment; global flags are looked up in the deepest
/// subcommand too, where clap records them when given after the command name.
fn source_of(m: &ArgMatches, id: &str) -> Source {
    let mut here = m;
    let mut found = here.value_source(id);
    while let Some((_, sub)) = here.subcommand() {
        here = sub;
        if let Ok(Some(s)) = here.try_get_raw(id).map(|_| here.value_source(id)) {
            found = Some(s);
        }
    }
    match found {
        Some(ValueSource::EnvVariable) => Source::Env,
        _ => Source::Flag,
    }
}

/// A flag's value with where it came from (clap knows flag vs. environment).
fn sourced<T: Clone>(m: &ArgMatches, id: &str, v: &Option<T>) -> Option<(T, Source)> {
    v.clone().map(|v| (v, source_of(m, id)))
}

pub fn run() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    match resolve_and_run(cli, &matches) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("caunoi: {e}");
            ExitCode::from(2)
        }
    }
}

fn resolve_and_run(cli: Cli, m: &ArgMatches) -> anyhow::Result<()> {
    let gm = m;
    let g = &cli.global;
    let file = FileConfig::load(g.config.as_deref())?;
    let log_format = config::parse_log_format(&config::pick(
        sourced(gm, "log_format", &g.log_format),
        file.log_format.clone(),
        "text".to_owned(),
    ))?;
    let data = config::data_config(
        config::pick(
            sourced(gm, "data_dir", &g.data_dir),
            file.data_dir.clone(),
            PathBuf::from("data"),
        ),
        sourced(gm, "database_url", &g.database_url)
            .map(|(value, source)| Sourced { value, source })
            .or(file.database_url.clone().map(|value| Sourced {
                value,
                source: Source::File,
            })),
    )?;
    commands::init_logging(log_format);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        match cli.command {
            Command::Serve(args) => {
                let sm = m.subcommand_matches("serve").unwrap_or(m);
                let addr = config::pick(
                    sourced(sm, "addr", &args.addr),
                    file.addr.clone(),
                    "127.0.0.1:8080".to_owned(),
                );
                let addr = config::parse_addr(&addr)?;
                let public_url = match sourced(sm, "public_url", &args.public_url)
                    .map(|(value, source)| Sourced { value, source })
                    .or(file.public_url.clone().map(|value| Sourced {
                        value,
                        source: Source::File,
                    })) {
                    Some(u) => Some(config::parse_public_url(&u)?),
                    None => None,
                };
                let trusted_proxies = match sourced(sm, "trusted_proxy", &args.trusted_proxy)
                    .map(|(value, source)| Sourced { value, source })
                    .or(file.trusted_proxy.clone().map(|value| Sourced {
                        value,
                        source: Source::File,
                    })) {
                    Some(t) => config::parse_trusted_proxy(&t)?,
                    None => Default::default(),
                };
                let metrics_allow = match sourced(sm, "metrics_allow", &args.metrics_allow)
                    .map(|(value, source)| Sourced { value, source })
                    .or(file.metrics_allow.clone().map(|value| Sourced {
                        value,
                        source: Source::File,
                    })) {
                    Some(a) => Some(config::parse_metrics_allow(&a)?),
                    None => None,
                };
                let metrics_token = match sourced(sm, "metrics_token", &args.metrics_token)
                    .map(|(value, source)| Sourced { value, source })
                    .or(file.metrics_token.clone().map(|value| Sourced {
                        value,
                        source: Source::File,
                    })) {
                    Some(t) => Some(config::parse_metrics_token(&t)?),
                    None => None,
                };
                let smtp = match sourced(sm, "smtp_url", &args.smtp_url)
                    .map(|(value, source)| Sourced { value, source })
                    .or(file.smtp_url.clone().map(|value| Sourced {
                        value,
                        source: Source::File,
                    })) {
                    Some(u) => Some(config::parse_smtp_url(&u)?),
                    None => None,
                };
                let mail_from = match sourced(sm, "mail_from", &args.mail_from)
                    .map(|(value, source)| Sourced { value, source })
                    .or(file.mail_from.clone().map(|value| Sourced {
                        value,
                        source: Source::File,
                    })) {
                    Some(a) => Some(config::parse_mail_from(&a)?),
                    None => None,
                };
                let mail = commands::MailOptions { smtp, mail_from };
                let metrics = commands::MetricsAccess {
                    allow: metrics_allow,
                    token: metrics_token,
                };
                commands::serve(
                    data,
                    addr,
                    public_url,
                    trusted_proxies,
                    metrics,
                    mail,
                    args.demo,
                )
                .await
            }
            Command::Migrate => commands::migrate(data).await,
            Command::Reindex => commands::reindex(data).await,
            Command::Import(ImportCommand::Article { files, unit }) => {
                commands::import_articles(data, &files, unit.as_deref()).await
            }
            Command::Import(ImportCommand::Delegates {
                file,
                unit,
                body,
                dry_run,
            }) => commands::import_delegates(data, &file, unit, body, dry_run).await,
            Command::Import(ImportCommand::Petitions {
                file,
                meeting,
                skip_bad,
                dry_run,
            }) => commands::import_petitions(data, &file, meeting, skip_bad, dry_run).await,
            Command::Import(ImportCommand::Units { file }) => {
                commands::import_units(data, &file).await
            }
            Command::User(UserCommand::Add {
                email,
                name,
                role,
                unit,
                password_stdin: _,
            }) => commands::user_add(data, email, name, role, unit).await,
            Command::Token(TokenCommand::Create {
                email,
                label,
                expires_in_days,
            }) => commands::token_create(data, &email, &label, expires_in_days).await,
            Command::Token(TokenCommand::List { email }) => {
                commands::token_list(data, &email).await
            }
            Command::Token(TokenCommand::Revoke { email, id }) => {
                commands::token_revoke(data, &email, id).await
            }
            Command::Report(ReportCommand::Petitions {
                session,
                kind,
                format,
                out,
                letterhead,
            }) => {
                commands::report_petitions(data, session, &kind, &format, &out, letterhead.input())
                    .await
            }
            Command::Backup { file } => commands::backup(data, &file).await,
            Command::Restore { file } => commands::restore(data, &file).await,
        }
    })
}
