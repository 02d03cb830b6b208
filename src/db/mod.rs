//! Persistence plumbing: one connection type over SQLite and PostgreSQL, the pool, the
//! embedded migrations, and the two ways handlers reach the database (`read`, `write`),
//! both on the blocking thread pool so queries never stall the async workers.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use actix_web::web;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{CustomizeConnection, ManageConnection, Pool, PooledConnection, R2D2Connection};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, ConnectionError};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::error::ApiError;

pub mod deadline;
mod pg_connections;
pub mod point_reads;
mod sqlite_connections;
mod sqlite_functions;
pub mod sqlite_writer;

use point_reads::PointReads;
use sqlite_writer::SqliteWriter;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// How long a request waits for a pooled connection (or a SQLite write lock) before the
/// API answers 503.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);
const DEFAULT_STATEMENT_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

/// Where the data lives, chosen by the URL's scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Postgres(String),
    Sqlite(PathBuf),
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, String> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DatabaseUrl::Postgres(url.to_owned()))
        } else if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            if path.is_empty() {
                return Err("sqlite URL without a file path".into());
            }
            Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
        } else {
            Err(format!(
                "expected postgres://… or sqlite://path, got {:?}",
                url.split(':').next().unwrap_or_default()
            ))
        }
    }

    pub fn is_sqlite(&self) -> bool {
        matches!(self, DatabaseUrl::Sqlite(_))
    }

    /// For logs: the URL without credentials.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
            DatabaseUrl::Postgres(url) => match (url.find("://"), url.rfind('@')) {
                (Some(scheme_end), Some(at)) if at > scheme_end => {
                    format!("{}***{}", &url[..scheme_end + 3], &url[at..])
                }
                _ => url.clone(),
            },
        }
    }

    /// Open one connection, choosing the backend from the URL so that the operator sees
    /// the real cause of a failure ("connection refused"), not a generic one.
    pub fn connect(&self) -> Result<DbConnection, ConnectionError> {
        match self {
            DatabaseUrl::Postgres(url) => {
                PgConnection::establish(&without_tls_on_loopback(url)).map(DbConnection::Postgres)
            }
            DatabaseUrl::Sqlite(path) => {
                sqlite_connections::install();
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
                // WAL lets readers proceed while one writer writes; the busy timeout makes
                // a second writer wait for the lock instead of failing at once.
                let setup = format!(
                    "PRAGMA busy_timeout = {}; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
                    ACQUIRE_TIMEOUT.as_millis()
                );
                // Switching a new file to WAL does not wait on the busy timeout: a second
                // process opening the file at the same moment retries for a while.
                let started = std::time::Instant::now();
                loop {
                    match conn.batch_execute(&setup) {
                        Ok(()) => return Ok(DbConnection::Sqlite(conn)),
                        Err(error)
                            if error.to_string().contains("locked")
                                && started.elapsed() < ACQUIRE_TIMEOUT =>
                        {
                            std::thread::sleep(std::time::Duration::from_millis(20));
                        }
                        Err(error) => {
                            return Err(ConnectionError::CouldntSetupConfiguration(error));
                        }
                    }
                }
            }
        }
    }
}

/// `url`, with `sslmode=disable` added when it names this machine over TCP (`localhost`,
/// `127.0.0.1`, `::1`) and says nothing of TLS itself. libpq's default (`prefer`) encrypts
/// every round trip when the server offers TLS, which protects nothing on the loopback
/// interface and cost measurable time per statement (issue 26); a URL that sets
/// `sslmode` keeps it, and any other host keeps libpq's default.
pub fn without_tls_on_loopback(url: &str) -> std::borrow::Cow<'_, str> {
    let Some((_, rest)) = url.split_once("://") else {
        return url.into();
    };
    let (authority, query) = match rest.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (rest, None),
    };
    if query.is_some_and(|q| {
        q.split('&')
            .any(|p| p.starts_with("sslmode=") || p.starts_with("host="))
    }) {
        return url.into();
    }
    let authority = authority.split('/').next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host_port.split(':').next().unwrap_or_default(),
    };
    if !matches!(host, "localhost" | "127.0.0.1" | "::1") {
        return url.into();
    }
    let separator = if query.is_some() { '&' } else { '?' };
    format!("{url}{separator}sslmode=disable").into()
}

/// A pooled connection: the connection, and (PostgreSQL over TCP) its socket, by which
/// the pool tells a broken connection from a sound one without a round trip.
pub struct PooledConnectionOf {
    conn: DbConnection,
    socket: Option<std::os::fd::RawFd>,
}

impl std::ops::Deref for PooledConnectionOf {
    type Target = DbConnection;
    fn deref(&self) -> &DbConnection {
        &self.conn
    }
}

impl std::ops::DerefMut for PooledConnectionOf {
    fn deref_mut(&mut self) -> &mut DbConnection {
        &mut self.conn
    }
}

/// r2d2 manager that opens connections through [`DatabaseUrl::connect`].
pub struct DbConnectionManager {
    url: DatabaseUrl,
}

impl ManageConnection for DbConnectionManager {
    type Connection = PooledConnectionOf;
    type Error = ConnectionError;

    fn connect(&self) -> Result<PooledConnectionOf, ConnectionError> {
        let mut conn = self.url.connect()?;
        let socket = match &mut conn {
            DbConnection::Postgres(pg) => pg_connections::socket_of(pg),
            DbConnection::Sqlite(_) => None,
        };
        Ok(PooledConnectionOf { conn, socket })
    }

    /// Run on every checkout. A PostgreSQL connection whose server closed it (a restart,
    /// a terminated session) has something to read; a sound idle one has nothing: a
    /// poll of its socket tells them apart, where a query would cost a round trip per
    /// request. Without a known socket (a Unix socket), a query. An SQLite connection
    /// is a file in this process: nothing to check.
    fn is_valid(&self, pooled: &mut PooledConnectionOf) -> Result<(), ConnectionError> {
        match (&mut pooled.conn, pooled.socket) {
            (DbConnection::Postgres(_), Some(socket)) => {
                if pg_connections::is_quiet(socket) {
                    Ok(())
                } else {
                    Err(ConnectionError::BadConnection(
                        "the server closed the connection".into(),
                    ))
                }
            }
            (DbConnection::Postgres(_), None) => pooled
                .conn
                .ping()
                .map_err(ConnectionError::CouldntSetupConfiguration),
            (DbConnection::Sqlite(_), _) => Ok(()),
        }
    }

    fn has_broken(&self, pooled: &mut PooledConnectionOf) -> bool {
        std::thread::panicking() || pooled.conn.is_broken()
    }
}

pub type DbPool = Pool<DbConnectionManager>;
pub type PooledDbConnection = PooledConnection<DbConnectionManager>;

/// Sets PostgreSQL's `statement_timeout` on every pooled connection, so that a runaway
/// query is cancelled by the server (its transaction rolls back) instead of holding a
/// connection. SQLite statements are bounded by the busy timeout and the API's limits.
#[derive(Debug)]
struct StatementTimeout(Duration);

impl CustomizeConnection<PooledConnectionOf, ConnectionError> for StatementTimeout {
    fn on_acquire(&self, conn: &mut PooledConnectionOf) -> Result<(), ConnectionError> {
        if let DbConnection::Postgres(pg) = &mut conn.conn {
            pg.batch_execute(&format!("SET statement_timeout = {}", self.0.as_millis()))
                .map_err(ConnectionError::CouldntSetupConfiguration)?;
        }
        Ok(())
    }
}

/// Build the pool and check that the database answers.
pub fn connect_pool(
    url: &DatabaseUrl,
    size: u32,
    statement_timeout: Option<Duration>,
) -> Result<DbPool, String> {
    // Fail fast with the real cause, before r2d2 starts retrying quietly.
    url.connect()
        .map_err(|e| format!("cannot connect to {}: {e}", url.redacted()))?;
    Pool::builder()
        .max_size(size.max(1))
        .connection_timeout(ACQUIRE_TIMEOUT)
        .connection_customizer(Box::new(StatementTimeout(
            statement_timeout.unwrap_or(DEFAULT_STATEMENT_TIMEOUT),
        )))
        .build(DbConnectionManager { url: url.clone() })
        .map_err(|e| {
            format!(
                "cannot open the connection pool for {}: {e}",
                url.redacted()
            )
        })
}

/// A pool that connects on demand and checks nothing at build time: for callers that
/// must start even when the database is down (and for tests of that situation).
pub fn lazy_pool(url: &DatabaseUrl, size: u32, acquire_timeout: Duration) -> DbPool {
    Pool::builder()
        .max_size(size.max(1))
        .min_idle(Some(0))
        .connection_timeout(acquire_timeout)
        .build_unchecked(DbConnectionManager { url: url.clone() })
}

/// Connect, check the database answers, and apply pending migrations.
pub fn open(url: &DatabaseUrl, pool_size: u32) -> Result<DbPool, String> {
    open_with_timeout(url, pool_size, None)
}

/// [`open`], with PostgreSQL statements cancelled after `statement_timeout` (default 30 s).
pub fn open_with_timeout(
    url: &DatabaseUrl,
    pool_size: u32,
    statement_timeout: Option<Duration>,
) -> Result<DbPool, String> {
    let pool = connect_pool(url, pool_size, statement_timeout)?;
    let mut conn = pool
        .get()
        .map_err(|e| format!("cannot get a connection to {}: {e}", url.redacted()))?;
    let applied = run_migrations(&mut conn)?;
    if applied > 0 {
        log::info!(
            "applied {} to {}",
            crate::messages::counted(applied, "migration"),
            url.redacted()
        );
    }
    Ok(pool)
}

/// Apply the pending embedded migrations for the connection's backend. Processes that
/// start together take turns: on PostgreSQL through an advisory lock, on SQLite inside
/// one immediate transaction (the database's write lock; each migration a savepoint), so
/// the second finds them applied.
pub fn run_migrations(conn: &mut DbConnection) -> Result<usize, String> {
    let applied = match conn {
        DbConnection::Sqlite(c) => {
            use diesel::connection::{AnsiTransactionManager, TransactionManager};
            let nested = AnsiTransactionManager::transaction_manager_status_mut(c)
                .transaction_depth()
                .is_ok_and(|depth| depth.is_some());
            let migrate = |c: &mut SqliteConnection| {
                c.run_pending_migrations(SQLITE_MIGRATIONS)
                    .map(|v| v.len())
                    .map_err(|e| diesel::result::Error::QueryBuilderError(e.to_string().into()))
            };
            // Inside a caller's transaction (a test's), that transaction holds the lock.
            if nested {
                migrate(c)
            } else {
                c.immediate_transaction(migrate)
            }
            .map_err(|e| e.to_string().into())
        }
        DbConnection::Postgres(c) => {
            // Not bounded by the requests' statement timeout: waiting for another
            // process's migrations, or running them, may take longer.
            let timeout = statement_timeout(c).map_err(|e| e.to_string())?;
            c.batch_execute("SET statement_timeout = 0; SELECT pg_advisory_lock(7245100)")
                .map_err(|e| format!("cannot take the migration lock: {e}"))?;
            let result = c
                .run_pending_migrations(POSTGRES_MIGRATIONS)
                .map(|v| v.len());
            let _ = c.batch_execute(&format!(
                "SELECT pg_advisory_unlock(7245100); SET statement_timeout = '{timeout}'"
            ));
            result
        }
    };
    applied.map_err(|e| format!("migration failed: {e}"))
}

/// Refresh the query planner's statistics after a bulk load (`seed`), as an operator
/// would: plans chosen on the statistics of an empty database read whole tables.
/// PostgreSQL: `VACUUM (ANALYZE)` (also marks pages all-visible, for index-only scans;
/// autovacuum may be off or late), outside a transaction and without the pool's statement
/// timeout. SQLite: `ANALYZE` (run it through the writer).
pub fn refresh_planner_statistics(conn: &mut DbConnection) -> Result<(), ApiError> {
    match conn {
        DbConnection::Postgres(pg) => {
            let statement_timeout = statement_timeout(pg)?;
            pg.batch_execute("SET statement_timeout = 0")?;
            let vacuumed = pg.batch_execute("VACUUM (ANALYZE)");
            pg.batch_execute(&format!("SET statement_timeout = '{statement_timeout}'"))?;
            Ok(vacuumed?)
        }
        DbConnection::Sqlite(sqlite) => Ok(sqlite.batch_execute("ANALYZE")?),
    }
}

/// The session's `statement_timeout`, as `SET` takes it back (quotes removed).
fn statement_timeout(pg: &mut PgConnection) -> diesel::QueryResult<String> {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Setting {
        #[diesel(sql_type = diesel::sql_types::Text)]
        statement_timeout: String,
    }
    let Setting { statement_timeout } =
        diesel::sql_query("SHOW statement_timeout").get_result(pg)?;
    Ok(statement_timeout.replace('\'', ""))
}

/// Undo the applied migrations newer than `version` (a migration directory's date and
/// number, e.g. `2026-12-02-000005`), newest first: for tests of what a migration does to
/// the data already there. Returns the versions undone (their digits), newest first.
pub fn revert_migrations_after(
    conn: &mut DbConnection,
    version: &str,
) -> Result<Vec<String>, String> {
    fn revert<C: MigrationHarness<B>, B: diesel::backend::Backend>(
        c: &mut C,
        migrations: fn() -> EmbeddedMigrations,
        version: &str,
    ) -> Result<Vec<String>, String> {
        // Versions as diesel keeps them: the digits of the directory's date and number.
        let digits = |v: &str| v.chars().filter(char::is_ascii_digit).collect::<String>();
        let version = digits(version);
        let mut reverted = Vec::new();
        loop {
            let applied = c.applied_migrations().map_err(|e| e.to_string())?;
            let newest = applied.iter().map(|v| digits(&v.to_string())).max();
            match newest {
                Some(newest) if newest > version => {
                    c.revert_last_migration(migrations())
                        .map_err(|e| e.to_string())?;
                    reverted.push(newest);
                }
                _ => return Ok(reverted),
            }
        }
    }
    match conn {
        DbConnection::Sqlite(c) => revert(c, || SQLITE_MIGRATIONS, version),
        DbConnection::Postgres(c) => revert(c, || POSTGRES_MIGRATIONS, version),
    }
}

/// The backend type of [`DbConnection`], for boxed queries.
pub type Backend = <DbConnection as Connection>::Backend;

/// What a transaction does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transaction {
    /// Read only, one consistent snapshot for all its statements (SQLite: a deferred
    /// transaction; PostgreSQL: repeatable read).
    Read,
    /// Writes: `BEGIN IMMEDIATE` on SQLite (so that concurrent writers queue on the lock
    /// instead of failing with "database is locked" at their first write), an ordinary
    /// transaction on PostgreSQL.
    Write,
}

/// Run `f` in a transaction of this kind: committed on `Ok`, rolled back on `Err`.
pub fn transaction<T, E>(
    conn: &mut DbConnection,
    kind: Transaction,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    let begin = match (kind, &conn) {
        (Transaction::Read, DbConnection::Sqlite(_)) => "BEGIN DEFERRED",
        (Transaction::Read, DbConnection::Postgres(_)) => {
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        }
        (Transaction::Write, DbConnection::Sqlite(_)) => "BEGIN IMMEDIATE",
        (Transaction::Write, DbConnection::Postgres(_)) => "BEGIN",
    };
    run_in_transaction(conn, begin, f)
}

fn run_in_transaction<T, E>(
    conn: &mut DbConnection,
    begin: &str,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    type Manager = <DbConnection as Connection>::TransactionManager;
    match conn {
        DbConnection::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, begin)?,
        DbConnection::Postgres(c) => AnsiTransactionManager::begin_transaction_sql(c, begin)?,
    }
    match f(conn) {
        Ok(value) => {
            Manager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(error) => {
            if let Err(rollback) = Manager::rollback_transaction(conn) {
                log::error!("rollback failed: {rollback}");
            }
            Err(error)
        }
    }
}

/// The handle handlers use to reach the database.
#[derive(Clone)]
pub struct Db {
    pool: DbPool,
    /// On SQLite, writes go through one writer thread that commits them in groups.
    writer: Option<SqliteWriter>,
    /// How long one read or write may take on SQLite (PostgreSQL's pool sets
    /// `statement_timeout` instead).
    statement_timeout: Duration,
    /// On PostgreSQL, reads by id arriving together go as one statement.
    point_reads: Option<Arc<PointReads>>,
}

impl Db {
    /// Reads through `pool`; writes through the pool too (PostgreSQL) or through a group
    /// committing writer (SQLite).
    pub fn new(pool: DbPool, url: &DatabaseUrl) -> Result<Self, String> {
        let (writer, point_reads) = match url {
            DatabaseUrl::Sqlite(_) => (Some(SqliteWriter::start(url.clone())?), None),
            DatabaseUrl::Postgres(_) => (None, Some(Arc::default())),
        };
        Ok(Db {
            pool,
            writer,
            statement_timeout: DEFAULT_STATEMENT_TIMEOUT,
            point_reads,
        })
    }

    /// Bound each read's and write's database time by `timeout` on SQLite (503 past it).
    pub fn with_statement_timeout(mut self, timeout: Duration) -> Self {
        self.statement_timeout = timeout;
        self
    }

    /// Every query, writes included, through the pool (for when a writer thread cannot
    /// be started, e.g. a database that is unreachable at start).
    pub fn pooled(pool: DbPool) -> Self {
        Db {
            pool,
            writer: None,
            statement_timeout: DEFAULT_STATEMENT_TIMEOUT,
            point_reads: None,
        }
    }

    pub fn pool(&self) -> &DbPool {
        &self.pool
    }

    /// Where reads by id are gathered (PostgreSQL); `None` on SQLite, where a point read
    /// runs in this process (`read_point`).
    pub fn point_reads(&self) -> Option<&Arc<PointReads>> {
        self.point_reads.as_ref()
    }

    /// Whether SQLite's writer thread runs; `None` without one (PostgreSQL).
    pub fn writer_running(&self) -> Option<bool> {
        self.writer.as_ref().map(SqliteWriter::is_running)
    }

    /// Writes queued for SQLite's writer thread; `None` without one (PostgreSQL).
    pub fn writes_waiting(&self) -> Option<usize> {
        self.writer.as_ref().map(SqliteWriter::waiting)
    }

    /// Run read-only queries on a pooled connection, off the async workers.
    pub async fn read<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        let timeout = self.statement_timeout;
        web::block(move || {
            let waiting = crate::metrics::PoolWait::start();
            let mut conn = pool.get()?;
            drop(waiting);
            let _deadline = deadline::enforce(std::time::Instant::now() + timeout);
            f(&mut conn)
        })
        .await?
    }

    /// Run a read of one row by its key on SQLite (an indexed point read in this process,
    /// tens of microseconds) on this thread when a pooled connection is free at once:
    /// handing it to the blocking pool and back costs more than the read itself.
    /// Otherwise, and always on PostgreSQL (where a read waits on the network, and the
    /// worker would wait with it: measured, 3,500 req/s instead of 5,000), as
    /// [`Db::read`]. Only for reads that cannot be slow: a slow one here holds up this
    /// worker's other requests.
    pub async fn read_point<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        if self.writer.is_none() {
            return self.read(f).await;
        }
        match self.pool.try_get() {
            Some(conn) => {
                let _deadline =
                    deadline::enforce(std::time::Instant::now() + self.statement_timeout);
                // A panic is a 500 as on the blocking pool, and the connection is dropped
                // while unwinding, so the pool discards it (`has_broken`).
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
                    let mut conn = conn;
                    f(&mut conn)
                }))
                .unwrap_or_else(|_| Err(ApiError::internal("a read panicked")))
            }
            None => self.read(f).await,
        }
    }

    /// Run `f` inside a write transaction, off the async workers.
    pub async fn write<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        if let Some(writer) = &self.writer {
            return writer
                .write(f, std::time::Instant::now() + self.statement_timeout)
                .await;
        }
        let pool = self.pool.clone();
        web::block(move || {
            let waiting = crate::metrics::PoolWait::start();
            let mut conn = pool.get()?;
            drop(waiting);
            transaction(&mut conn, Transaction::Write, f)
        })
        .await?
    }
}

#[cfg(test)]
mod tests {
    use super::without_tls_on_loopback;

    #[test]
    fn loopback_urls_without_sslmode_connect_without_tls() {
        for (url, expected) in [
            (
                "postgres://postgres@127.0.0.1:5432/db",
                "postgres://postgres@127.0.0.1:5432/db?sslmode=disable",
            ),
            (
                "postgresql://u:p@localhost/db?options=-c",
                "postgresql://u:p@localhost/db?options=-c&sslmode=disable",
            ),
            (
                "postgres://u@[::1]:5432/db",
                "postgres://u@[::1]:5432/db?sslmode=disable",
            ),
            // Said explicitly, or another host, or a Unix socket: as given.
            (
                "postgres://u@127.0.0.1/db?sslmode=require",
                "postgres://u@127.0.0.1/db?sslmode=require",
            ),
            (
                "postgres://u@db.example.org:5432/db",
                "postgres://u@db.example.org:5432/db",
            ),
            ("postgres://u@10.0.0.5/db", "postgres://u@10.0.0.5/db"),
            (
                "postgres:///db?host=/var/run/postgresql",
                "postgres:///db?host=/var/run/postgresql",
            ),
            (
                "postgres://u@localhost.example.org/db",
                "postgres://u@localhost.example.org/db",
            ),
        ] {
            assert_eq!(without_tls_on_loopback(url), expected, "{url}");
        }
    }
}
