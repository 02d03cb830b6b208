//! Test harness: each test gets the real application on a fresh database (a temporary
//! SQLite file, or a fresh schema in the PostgreSQL database named by
//! `SSC_TEST_DATABASE_URL`), and a small client that asserts on status, headers and body.

use std::time::Duration;

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::test::{self, TestRequest};
use actix_web::web::Bytes;
use diesel::connection::SimpleConnection;
use serde_json::{Value, json};
use ssc_api::app::{self, AppState, ServiceLimits};
use ssc_api::auth::{Role, TokenKeys};
use ssc_api::config::Secret;
use ssc_api::db::{self, DatabaseUrl, Db};
use uuid::Uuid;

pub const SECRET: &str = "test-secret-that-is-long-enough-for-hs256";
pub const ISSUER: &str = "ssc-api";
pub const AUDIENCE: &str = "ssc-api";

/// Are the tests running on PostgreSQL (where writers really run in parallel)?
pub fn on_postgres() -> bool {
    std::env::var("SSC_TEST_DATABASE_URL").is_ok_and(|url| !url.is_empty())
}

/// The detail of a 412 from the write guard: two writes passed the version check
/// together and the database let only one through.
pub const RACE_LOST: &str = "changed by another request at the same moment";

/// Run `requests` with every write to `table` held back until at least `waiting` of them
/// wait on it, then let them all go at once: on SQLite the writer thread is kept busy (and
/// the queued writes then run in one batch); on PostgreSQL a transaction locks `table`.
/// Races then happen on every run, not only when the scheduler happens to allow them.
/// On PostgreSQL, hold only tables written before a change record is appended.
pub async fn with_writes_held<T>(
    db: &Db,
    table: &'static str,
    waiting: usize,
    requests: impl std::future::Future<Output = T>,
) -> T {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let held = Arc::new(AtomicBool::new(false));
    let holding = held.clone();
    let until_held = || async {
        while !held.load(Ordering::SeqCst) {
            assert!(std::time::Instant::now() < deadline, "the gate never held");
            actix_web::rt::time::sleep(Duration::from_millis(2)).await;
        }
    };
    if db.writes_waiting().is_some() {
        let (release, released) = std::sync::mpsc::channel::<()>();
        let writer = db.clone();
        let gate = actix_web::rt::spawn(async move {
            writer
                .write(move |_| {
                    holding.store(true, Ordering::SeqCst);
                    released.recv().ok();
                    Ok(())
                })
                .await
        });
        until_held().await;
        let controller = async {
            while db.writes_waiting().unwrap() < waiting {
                assert!(
                    std::time::Instant::now() < deadline,
                    "the writes never queued"
                );
                actix_web::rt::time::sleep(Duration::from_millis(2)).await;
            }
            release.send(()).unwrap();
        };
        let (answers, ()) = futures_util::future::join(requests, controller).await;
        gate.await.unwrap().unwrap();
        answers
    } else {
        let pool = db.pool().clone();
        let gate = actix_web::web::block(move || {
            use diesel::prelude::*;
            #[derive(diesel::QueryableByName)]
            struct Waiting {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                n: i64,
            }
            let mut conn = pool.get().unwrap();
            let ssc_api::db::DbConnection::Postgres(pg) = &mut **conn else {
                unreachable!("no writer thread: PostgreSQL");
            };
            pg.batch_execute(&format!("BEGIN; LOCK TABLE {table} IN EXCLUSIVE MODE"))
                .unwrap();
            holding.store(true, Ordering::SeqCst);
            let count = format!(
                "SELECT count(*) AS n FROM pg_locks WHERE NOT granted AND relation = '{table}'::regclass"
            );
            while (diesel::sql_query(&count)
                .get_result::<Waiting>(pg)
                .unwrap()
                .n as usize)
                < waiting
            {
                assert!(
                    std::time::Instant::now() < deadline,
                    "the writes never queued"
                );
                std::thread::sleep(Duration::from_millis(2));
            }
            pg.batch_execute("COMMIT").unwrap();
        });
        until_held().await;
        let answers = requests.await;
        gate.await.unwrap();
        answers
    }
}

/// Serve `state` on a real socket (one worker), for tests that need raw HTTP: chunked or
/// slow bodies. Stop it with the handle.
pub fn serve(state: AppState) -> (std::net::SocketAddr, actix_web::dev::ServerHandle) {
    let server = actix_web::HttpServer::new(move || app::build(state.clone()))
        .workers(1)
        .bind("127.0.0.1:0")
        .unwrap();
    let address = server.addrs()[0];
    let running = server.run();
    let handle = running.handle();
    actix_web::rt::spawn(running);
    (address, handle)
}

/// Send `request` as written (with `Connection: close` in it) and read the response.
pub async fn raw_http(address: std::net::SocketAddr, request: Vec<u8>) -> String {
    use std::io::{Read, Write};
    actix_web::rt::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        // The server may answer (and close) before the whole body is sent.
        let _ = stream.write_all(&request);
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        String::from_utf8_lossy(&response).into_owned()
    })
    .await
    .unwrap()
}

/// A database made for one test, removed when dropped.
pub enum TestDatabase {
    /// Held for its `Drop`, which removes the directory.
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres {
        base_url: String,
        schema: String,
    },
}

impl TestDatabase {
    pub fn create() -> (TestDatabase, DatabaseUrl) {
        match std::env::var("SSC_TEST_DATABASE_URL") {
            Ok(base_url) if !base_url.is_empty() => {
                let schema = format!("t_{}", Uuid::now_v7().simple());
                let mut conn = DatabaseUrl::parse(&base_url)
                    .expect("SSC_TEST_DATABASE_URL is a postgres:// URL")
                    .connect()
                    .expect("the test PostgreSQL database accepts connections");
                conn.batch_execute(&format!("CREATE SCHEMA {schema}"))
                    .expect("create test schema");
                let separator = if base_url.contains('?') { '&' } else { '?' };
                let url = format!("{base_url}{separator}options=-csearch_path%3D{schema}");
                (
                    TestDatabase::Postgres { base_url, schema },
                    DatabaseUrl::Postgres(url),
                )
            }
            _ => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let path = dir.path().join("test.db");
                (TestDatabase::Sqlite(dir), DatabaseUrl::Sqlite(path))
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let TestDatabase::Postgres { base_url, schema } = self
            && let Ok(mut conn) = DatabaseUrl::parse(base_url).unwrap().connect()
        {
            let _ = conn.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
        }
    }
}

#[derive(diesel::QueryableByName)]
struct TableName {
    #[diesel(sql_type = diesel::sql_types::Text)]
    table_name: String,
}

#[derive(diesel::QueryableByName)]
struct Matches {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    matches: i64,
}

/// Does any row of any table of the current schema, as text, contain `needle` (or, in a
/// `bytea` column, its bytes, which a row's text shows in hex)?
fn postgres_contains(conn: &mut ssc_api::db::DbConnection, needle: &str) -> bool {
    use diesel::RunQueryDsl;
    let ssc_api::db::DbConnection::Postgres(pg) = conn else {
        unreachable!("a PostgreSQL test database")
    };
    let tables: Vec<TableName> = diesel::sql_query(
        "SELECT table_name::text AS table_name FROM information_schema.tables \
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
    )
    .load(pg)
    .unwrap();
    assert!(!tables.is_empty());
    let hex: String = needle.bytes().map(|b| format!("{b:02x}")).collect();
    tables.iter().any(|table| {
        let found: Matches = diesel::sql_query(format!(
            "SELECT count(*) AS matches FROM \"{}\" t \
             WHERE strpos(t::text, $1) > 0 OR strpos(t::text, $2) > 0",
            table.table_name
        ))
        .bind::<diesel::sql_types::Text, _>(needle)
        .bind::<diesel::sql_types::Text, _>(&hex)
        .get_result(pg)
        .unwrap();
        found.matches > 0
    })
}

pub fn keys() -> TokenKeys {
    TokenKeys::new(&Secret::new(SECRET), ISSUER, AUDIENCE)
}

/// A token for `role` (and `org`), valid for an hour.
pub fn token(role: Role, org: Option<Uuid>) -> String {
    keys()
        .mint(
            &format!("{}-user", role.as_str()),
            role,
            org,
            Duration::from_secs(3600),
        )
        .unwrap()
}

pub fn admin() -> String {
    token(Role::Admin, None)
}

pub struct TestApp<S> {
    service: S,
    pub state: AppState,
    // Dropped last: the pool's connections go first.
    _database: TestDatabase,
}

/// The app on a fresh database, with the default limits.
pub async fn spawn() -> TestApp<
    impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>,
> {
    spawn_with(|_| {}).await
}

/// The app on a fresh database, after `configure` adjusts its state.
/// An app whose writes all count at once (`SSC_REVIEW=off`), for tests of the rules
/// that apply to such writes.
pub async fn spawn_without_review() -> TestApp<
    impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>,
> {
    spawn_with(|state| state.review_policy = ssc_api::domain::review::ReviewPolicy::Off).await
}

pub async fn spawn_with(
    configure: impl FnOnce(&mut AppState),
) -> TestApp<
    impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>,
> {
    spawn_bounded(None, configure).await
}

/// The app on a fresh database whose reads and writes may take at most `timeout` (as
/// `SSC_REQUEST_TIMEOUT` sets it), after `configure` adjusts its state.
pub async fn spawn_bounded(
    timeout: Option<Duration>,
    configure: impl FnOnce(&mut AppState),
) -> TestApp<
    impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>,
> {
    spawn_on(TestDatabase::create(), 4, timeout, configure).await
}

/// The app on a fresh database with `pool_size` connections (for tests of many writers
/// at once).
pub async fn spawn_sized(
    pool_size: u32,
) -> TestApp<
    impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>,
> {
    spawn_on(TestDatabase::create(), pool_size, None, |_| {}).await
}

/// [`spawn_sized`], its PostgreSQL sessions named `application_name` (so that a test can
/// find them in `pg_stat_activity`).
pub async fn spawn_named(
    pool_size: u32,
    application_name: &str,
) -> TestApp<
    impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>,
> {
    let (database, url) = TestDatabase::create();
    let url = match url {
        DatabaseUrl::Postgres(url) => {
            DatabaseUrl::Postgres(format!("{url}&application_name={application_name}"))
        }
        sqlite => sqlite,
    };
    spawn_on((database, url), pool_size, None, |_| {}).await
}

async fn spawn_on(
    (database, url): (TestDatabase, DatabaseUrl),
    pool_size: u32,
    timeout: Option<Duration>,
    configure: impl FnOnce(&mut AppState),
) -> TestApp<
    impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error>,
> {
    // The server's errors (a deadlock, a pool timeout) beside the test that met them:
    // a failed assertion on a 503 says only "unavailable".
    let _ = env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("error"))
        .is_test(true)
        .try_init();
    let pool = db::open_with_timeout(&url, pool_size, timeout).expect("open test database");
    let mut db = Db::new(pool, &url).expect("start the database writer");
    if let Some(timeout) = timeout {
        db = db.with_statement_timeout(timeout);
    }
    // No rate limit unless a test sets one: the suite's callers are fast on purpose.
    let limits = ServiceLimits {
        rate_limit: 0,
        ..ServiceLimits::default()
    };
    let mut state = AppState::new(db, keys(), limits, Vec::new());
    configure(&mut state);
    let service = test::init_service(app::build(state.clone())).await;
    TestApp {
        service,
        state,
        _database: database,
    }
}

impl<S, B> TestApp<S>
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    /// The response to a GET of `path`, its body not read (a client that reads slowly).
    pub async fn held_response(&self, path: &str) -> ServiceResponse<B> {
        let request = test::TestRequest::get().uri(path).to_request();
        test::call_service(&self.service, request).await
    }

    pub fn request(&self, method: Method, path: &str) -> Call<'_, S> {
        Call {
            app: self,
            req: TestRequest::default().method(method).uri(path),
        }
    }

    pub fn get(&self, path: &str) -> Call<'_, S> {
        self.request(Method::GET, path)
    }

    pub fn post(&self, path: &str) -> Call<'_, S> {
        self.request(Method::POST, path)
    }

    pub fn put(&self, path: &str) -> Call<'_, S> {
        self.request(Method::PUT, path)
    }

    pub fn patch(&self, path: &str) -> Call<'_, S> {
        self.request(Method::PATCH, path)
    }

    pub fn delete(&self, path: &str) -> Call<'_, S> {
        self.request(Method::DELETE, path)
    }

    /// Does `needle` appear anywhere in the database: in any row, as text (PostgreSQL), or
    /// anywhere in the database's files, its write-ahead log included (SQLite)?
    pub async fn database_contains(&self, needle: &str) -> bool {
        match &self._database {
            TestDatabase::Sqlite(dir) => std::fs::read_dir(dir.path()).unwrap().any(|entry| {
                let bytes = std::fs::read(entry.unwrap().path()).unwrap_or_default();
                bytes
                    .windows(needle.len())
                    .any(|window| window == needle.as_bytes())
            }),
            TestDatabase::Postgres { .. } => {
                let needle = needle.to_owned();
                self.state
                    .db
                    .read(move |conn| Ok(postgres_contains(conn, &needle)))
                    .await
                    .unwrap()
            }
        }
    }

    /// Create an organisation as admin and return its body.
    pub async fn create_organisation(&self, body: Value) -> Value {
        let response = self
            .post("/api/v1/organisations")
            .bearer(&admin())
            .json(&body)
            .send()
            .await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
        response.json()
    }

    /// A valid organisation named `name`.
    pub async fn organisation(&self, name: &str) -> Value {
        self.create_organisation(json!({
            "name": name, "organisation_type": "10", "country_code": "AR"
        }))
        .await
    }
}

pub struct Call<'a, S> {
    app: &'a TestApp<S>,
    req: TestRequest,
}

impl<S, B> Call<'_, S>
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    pub fn bearer(self, token: &str) -> Self {
        self.header("authorization", &format!("Bearer {token}"))
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.req = self.req.insert_header((
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        ));
        self
    }

    /// The TCP peer the request comes from.
    pub fn peer(mut self, address: &str) -> Self {
        self.req = self.req.peer_addr(address.parse().unwrap());
        self
    }

    pub fn if_match(self, version: &Value) -> Self {
        self.header("if-match", &format!("\"{version}\""))
    }

    pub fn json(mut self, body: &Value) -> Self {
        self.req = self.req.set_json(body);
        self
    }

    pub fn body(mut self, content_type: &str, body: impl Into<Bytes>) -> Self {
        self.req = self
            .req
            .insert_header(("content-type", content_type))
            .set_payload(body.into());
        self
    }

    /// A body with no Content-Type header.
    pub fn payload(mut self, body: impl Into<Bytes>) -> Self {
        self.req = self.req.set_payload(body.into());
        self
    }

    pub async fn send(self) -> Reply {
        let response = test::call_service(&self.app.service, self.req.to_request()).await;
        let status = response.status();
        let headers = response.headers().clone();
        let body = test::read_body(response).await;
        Reply {
            status,
            headers,
            body,
        }
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Assert the status and that the body is a well-formed problem document for it;
    /// return the document.
    #[track_caller]
    pub fn problem(&self, status: u16) -> Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body: {}",
            self.text()
        );
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "problem responses are application/problem+json"
        );
        let doc = self.json();
        assert_eq!(doc["status"], status, "{doc}");
        assert!(
            doc["type"]
                .as_str()
                .unwrap()
                .starts_with("urn:ssc-api:problem:"),
            "{doc}"
        );
        assert!(doc["title"].is_string(), "{doc}");
        assert!(
            doc["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{doc}"
        );
        assert_eq!(
            doc["request_id"].as_str(),
            self.header("x-request-id"),
            "the problem names the request id"
        );
        doc
    }

    /// Assert a 2xx/3xx status; return the JSON body.
    #[track_caller]
    pub fn ok(&self, status: u16) -> Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "unexpected status; body: {}",
            self.text()
        );
        if self.body.is_empty() {
            Value::Null
        } else {
            self.json()
        }
    }

    /// The pointers named in a problem's `errors`.
    pub fn pointers(&self) -> Vec<String> {
        self.json()["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .filter_map(|e| e["pointer"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}
