//! Test harness: `TestApp` starts the real router on 127.0.0.1:0 over a fresh database (SQLite
//! in a temporary folder, or a new PostgreSQL database when `CAUNOI_TEST_PG_URL` is set), and
//! `both_engines!` runs one test body on each engine.

use caunoi_app::accounts::{self, NewUser};
use caunoi_app::{App, Ctx, units};
use caunoi_domain::Role;
use caunoi_store::{Db, Engine};
use caunoi_web::{AppState, WebConfig};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

pub mod files;
pub mod http;
pub mod petitions;

pub use reqwest;
pub use scraper;

/// The password every account made by `with_user` has.
pub const PASSWORD: &str = "mat-khau-thu-nghiem";

pub struct TestApp {
    pub url: String,
    pub app: App,
    pub engine: Engine,
    /// For SQLite: the data folder (removed on drop).
    pub dir: Option<PathBuf>,
    pub database_url: String,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
        if let Some(d) = &self.dir {
            let _ = std::fs::remove_dir_all(d);
        }
        if self.engine == Engine::Postgres {
            drop_pg_database(&self.database_url);
        }
    }
}

/// Drops a test database; runs on its own thread because `Drop` cannot await.
fn drop_pg_database(url: &str) {
    let (Ok(base), Some((_, name))) = (std::env::var("CAUNOI_TEST_PG_URL"), url.rsplit_once('/'))
    else {
        return;
    };
    let name = name.split('?').next().unwrap_or(name).to_owned();
    if !name.starts_with("caunoi_t_") {
        return;
    }
    let _ = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .ok()?;
        rt.block_on(async {
            let admin = sqlx::PgPool::connect(&base).await.ok()?;
            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            let _ = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&admin).await;
            admin.close().await;
            Some(())
        })
    })
    .join();
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique(prefix: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let r: u32 = rand::random();
    format!("{prefix}_{}_{n}_{r:08x}", std::process::id())
}

/// A small but real slice of the bundled units: all provinces, Hà Nội's communes and wards,
/// and the former Ba Đình district with its former wards (for history and successors).
pub fn units_fixture() -> String {
    let mut out = String::new();
    for (i, line) in units::BUNDLED_UNITS.lines().enumerate() {
        let cols: Vec<&str> = line.split(',').collect();
        let keep = i == 0
            || (cols.get(3) == Some(&"province") && cols.get(6) == Some(&""))
            || (cols.get(4) == Some(&"01") && cols.get(6) == Some(&""))
            || cols.first() == Some(&"001")
            || (cols.get(4) == Some(&"001"));
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

pub enum Data {
    /// The units fixture only.
    Units,
    /// The units fixture plus the demo council, terms, bodies and one account per role.
    Demo,
}

impl TestApp {
    pub async fn sqlite(data: Data) -> TestApp {
        Self::sqlite_with(data, |_| {}).await
    }

    /// A fresh database on the server of `CAUNOI_TEST_PG_URL`; `None` when it is not set.
    pub async fn postgres(data: Data) -> Option<TestApp> {
        Self::postgres_with(data, |_| {}).await
    }

    /// As `sqlite`, with the web settings changed by `web` (a small page cache, say).
    pub async fn sqlite_with(data: Data, web: impl FnOnce(&mut WebConfig)) -> TestApp {
        let dir = std::env::temp_dir().join(unique("caunoi_test"));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let url = format!("sqlite:{}", dir.join("caunoi.db").display());
        Self::start(&url, dir, data, web).await
    }

    /// As `postgres`, with the web settings changed by `web`.
    pub async fn postgres_with(data: Data, web: impl FnOnce(&mut WebConfig)) -> Option<TestApp> {
        let url = fresh_pg_database().await?;
        // Uploaded media still go to a folder of their own.
        let dir = std::env::temp_dir().join(unique("caunoi_test"));
        std::fs::create_dir_all(&dir).expect("temp dir");
        Some(Self::start(&url, dir, data, web).await)
    }

    async fn start(
        database_url: &str,
        dir: PathBuf,
        data: Data,
        web: impl FnOnce(&mut WebConfig),
    ) -> TestApp {
        let db = Db::connect(database_url).await.expect("connect");
        caunoi_store::migrate::migrate(&db).await.expect("migrate");
        let mut app = App::new(db);
        app.settings.media_dir = dir.join("media");
        app.settings.mail_dir = dir.join("mail");
        units::import_units(&app, &Ctx::operator(), &units_fixture())
            .await
            .expect("units fixture");
        if let Data::Demo = data {
            seed_demo(&app).await;
        }
        app.search = Some(std::sync::Arc::new(
            caunoi_app::search::Search::in_memory().expect("search index"),
        ));
        caunoi_app::search::ensure_index(&app).await.expect("index");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let mut config = WebConfig {
            secure_cookies: false,
            base_url: format!("http://{addr}"),
            ..WebConfig::default()
        };
        web(&mut config);
        let state = AppState::new(app.clone(), config);
        let router = caunoi_web::router(state);
        let server = tokio::spawn(async move {
            let _ = axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await;
        });
        TestApp {
            url: format!("http://{addr}"),
            engine: app.db.engine(),
            app,
            dir: Some(dir),
            database_url: database_url.to_owned(),
            server,
        }
    }

    /// A client with its own cookie jar that does not follow redirects (tests check them).
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// Adds an account with `role` for `unit` (Hà Nội when `None`, except for admin).
    pub async fn with_user(&self, role: Role, unit: Option<&str>) -> String {
        let email = format!("{}@test.caunoi.vn", unique(role.as_str()).replace('_', "-"));
        accounts::add_user(
            &self.app,
            &Ctx::operator(),
            NewUser {
                email: email.clone(),
                name: format!("Người thử {}", role.label_vi()),
                role: role.as_str().into(),
                unit: match role {
                    Role::Admin => None,
                    _ => Some(unit.unwrap_or("01").to_owned()),
                },
                password: PASSWORD.into(),
            },
        )
        .await
        .expect("add user");
        email
    }

    /// A client signed in as a new account with `role` for Hà Nội.
    pub async fn signed_in(&self, role: Role) -> reqwest::Client {
        let email = self.with_user(role, None).await;
        let c = self.client();
        self.sign_in(&c, &email, PASSWORD).await;
        c
    }

    pub async fn sign_in(
        &self,
        client: &reqwest::Client,
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        let r = client
            .post(self.at("/dang-nhap"))
            .form(&[("email", email), ("password", password)])
            .send()
            .await
            .expect("sign in");
        assert_eq!(r.status(), 303, "sign-in of {email} should redirect");
        r
    }

    /// A bearer token for a new account with `role` for Hà Nội.
    pub async fn token(&self, role: Role) -> String {
        let email = self.with_user(role, None).await;
        accounts::create_token(&self.app, &Ctx::operator(), Some(&email), "test")
            .await
            .expect("token")
            .0
    }
}

/// The demo content, without the bundled 3,321 communes (the fixture holds Hà Nội's).
async fn seed_demo(app: &App) {
    caunoi_app::demo::seed(app).await.expect("demo");
}

/// Creates a new database on the test server and returns its URL.
async fn fresh_pg_database() -> Option<String> {
    let base = std::env::var("CAUNOI_TEST_PG_URL")
        .ok()
        .filter(|s| !s.is_empty())?;
    let name = unique("caunoi_t");
    let admin = sqlx::PgPool::connect(&base)
        .await
        .expect("CAUNOI_TEST_PG_URL must answer");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&admin)
        .await
        .expect("create test database");
    admin.close().await;
    let (prefix, rest) = base.rsplit_once('/').expect("URL with a database name");
    let query = rest
        .split_once('?')
        .map(|(_, q)| format!("?{q}"))
        .unwrap_or_default();
    Some(format!("{prefix}/{name}{query}"))
}

/// Runs an async test body once on SQLite and once on PostgreSQL (when configured).
#[macro_export]
macro_rules! both_engines {
    ($name:ident, $data:expr, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let t = $crate::TestApp::sqlite($data).await;
                ($body)(t).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                match $crate::TestApp::postgres($data).await {
                    Some(t) => ($body)(t).await,
                    None => eprintln!("skipped: CAUNOI_TEST_PG_URL is not set"),
                }
            }
        }
    };
}

/// Parses HTML and returns the text of every element matching `selector`.
pub fn texts(html: &str, selector: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(selector).expect("selector");
    doc.select(&sel)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}
