//! Settings from the environment, each overridable by a command-line flag.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;

use crate::db::DatabaseUrl;

/// 50 MiB: the largest IATI file imported over HTTP by default.
pub const DEFAULT_MAX_IMPORT_BYTES: usize = 50 * 1024 * 1024;
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;
pub const DEFAULT_RATE_LIMIT: u32 = 100;
pub const DEFAULT_TOKEN_RATE_LIMIT: u32 = 30;
pub const MIN_JWT_SECRET_BYTES: usize = 32;
const SECRET_FILE: &str = "jwt-secret";
const SQLITE_FILE: &str = "ssc.db";

/// Where the data lives: used by every subcommand that opens the database.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Database")]
pub struct DatabaseSettings {
    /// Directory for the embedded SQLite database and the generated JWT secret.
    #[arg(long, env = "SSC_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// `postgres://user@host/db` for PostgreSQL, or `sqlite://path` (default: the SQLite
    /// file `ssc.db` in the data directory).
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,

    /// Database connections in the pool.
    #[arg(long, env = "SSC_DB_POOL_SIZE", default_value_t = 10)]
    pub db_pool_size: u32,
}

/// How tokens are signed and checked: used by `serve` and `token`.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Tokens")]
pub struct SigningSettings {
    /// HS256 signing secret for tokens, at least 32 bytes (default on SQLite: a random
    /// secret kept in the data directory; required on PostgreSQL).
    #[arg(long, env = "SSC_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<Secret>,

    /// `iss` claim tokens must carry (and minted tokens get).
    #[arg(long, env = "SSC_JWT_ISSUER", default_value = "ssc-api")]
    pub jwt_issuer: String,

    /// `aud` claim tokens must carry (and minted tokens get).
    #[arg(long, env = "SSC_JWT_AUDIENCE", default_value = "ssc-api")]
    pub jwt_audience: String,
}

/// The organisation publishing IATI activities: used by `serve` and `import iati`.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "IATI publisher")]
pub struct ReportingOrgSettings {
    /// The IATI organisation identifier of the organisation publishing the activities
    /// (`reporting-org/@ref`); activity identifiers without their own start with it.
    #[arg(
        long,
        env = "SSC_IATI_REPORTING_ORG_REF",
        default_value = "AR-CUIT-30546671166"
    )]
    pub iati_reporting_org_ref: String,

    /// The reporting organisation's IATI OrganisationType code.
    #[arg(long, env = "SSC_IATI_REPORTING_ORG_TYPE", default_value = "10")]
    pub iati_reporting_org_type: String,

    /// The reporting organisation's name.
    #[arg(
        long,
        env = "SSC_IATI_REPORTING_ORG_NAME",
        default_value = "Ministerio de Relaciones Exteriores, Comercio Internacional y Culto"
    )]
    pub iati_reporting_org_name: String,
}

/// What only the HTTP server uses.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Server")]
pub struct ServerSettings {
    /// Address and port the HTTP server listens on.
    #[arg(long, env = "SSC_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Largest accepted request body, in bytes.
    #[arg(long, env = "SSC_MAX_BODY_BYTES", default_value_t = DEFAULT_MAX_BODY_BYTES)]
    pub max_body_bytes: usize,

    /// Largest IATI file `POST /api/v1/iati/imports` takes, in bytes.
    #[arg(long, env = "SSC_MAX_IMPORT_BYTES", default_value_t = DEFAULT_MAX_IMPORT_BYTES)]
    pub max_import_bytes: usize,

    /// Requests per second per caller, with bursts of twice that; 0 turns the limit off.
    #[arg(long, env = "SSC_RATE_LIMIT", default_value_t = DEFAULT_RATE_LIMIT)]
    pub rate_limit: u32,

    /// Longest a request may run before it is answered 503, e.g. `30s`.
    #[arg(long, env = "SSC_REQUEST_TIMEOUT", default_value = "30s", value_parser = humantime::parse_duration)]
    pub request_timeout: Duration,

    /// How long an `Idempotency-Key` and its response are kept, e.g. `24h`.
    #[arg(long, env = "SSC_IDEMPOTENCY_TTL", default_value = "24h", value_parser = humantime::parse_duration)]
    pub idempotency_ttl: Duration,

    /// Lifetime of the tokens `POST /api/v1/auth/token` issues to API clients, e.g. `15m`.
    #[arg(long, env = "SSC_ACCESS_TOKEN_TTL", default_value = "15m", value_parser = humantime::parse_duration)]
    pub access_token_ttl: Duration,

    /// Browser origins allowed to call the API (CORS), comma-separated, e.g.
    /// `https://app.example.org`; empty: CORS off.
    #[arg(long, env = "SSC_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,

    /// Attempts per minute at `POST /api/v1/auth/token`, per client address and per
    /// client id; 0 turns these limits off.
    #[arg(long, env = "SSC_TOKEN_RATE_LIMIT", default_value_t = DEFAULT_TOKEN_RATE_LIMIT)]
    pub token_rate_limit: u32,

    /// Proxies (addresses or CIDR networks, comma-separated) whose `X-Forwarded-For` /
    /// `Forwarded` headers name the client; empty: the TCP peer is the client.
    #[arg(long, env = "SSC_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<String>,

    /// The address clients reach the service at, e.g. `https://ssc.cancilleria.gob.ar`;
    /// when it is https, responses carry `Strict-Transport-Security`.
    #[arg(long, env = "SSC_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Let Swagger UI keep the token pasted into Authorize in the browser's storage
    /// across reloads (off: it is forgotten with the page).
    #[arg(
        long,
        env = "SSC_SWAGGER_PERSIST_AUTHORIZATION",
        default_value_t = false
    )]
    pub swagger_persist_authorization: bool,

    /// Which partner writes need a coordinator's approval before they count: `all_edits`
    /// (every partner change), `new_only` (only new records) or `off` (none).
    #[arg(long, env = "SSC_REVIEW", value_enum, default_value = "all_edits")]
    pub review: crate::domain::review::ReviewPolicy,

    /// Serve the public IATI file at `/iati/activities.xml` without a token (public,
    /// approved records only).
    #[arg(long, env = "SSC_IATI_PUBLISH", default_value_t = false)]
    pub iati_publish: bool,

    /// Serve the public catalogue at `/catalogue` without a token (approved, public,
    /// active capacities, labelled in es, pt, en or fr).
    #[arg(long, env = "SSC_CATALOGUE_PUBLIC", default_value_t = false)]
    pub catalogue_public: bool,

    /// JSON file of the reporting organisation's own documents (annual report,
    /// strategy, ...: document links of categories B01–B18) for its IATI organisation
    /// file.
    #[arg(long, env = "SSC_IATI_ORGANISATION_DOCUMENTS")]
    pub iati_organisation_documents: Option<PathBuf>,

    /// JSON file of external identity providers whose tokens the API accepts (see README).
    #[arg(long, env = "SSC_TRUSTED_ISSUERS_FILE")]
    pub trusted_issuers_file: Option<PathBuf>,

    /// The bearer token Prometheus sends to `/metrics`; without it `/metrics` is off (404).
    #[arg(long, env = "SSC_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<Secret>,

    /// The key that encrypts webhook signing secrets at rest: 32 bytes as 64 hexadecimal
    /// digits (default: derived from the JWT secret).
    #[arg(long, env = "SSC_WEBHOOK_KEY", hide_env_values = true)]
    pub webhook_key: Option<Secret>,

    /// Accept `http://` webhook targets (for tests and closed networks; deliveries then
    /// travel unencrypted).
    #[arg(long, env = "SSC_WEBHOOK_ALLOW_HTTP", default_value_t = false)]
    pub webhook_allow_http: bool,

    /// Accept webhook targets on private, loopback and link-local addresses (for tests and
    /// closed networks; otherwise refused when a subscription is made and at each delivery).
    #[arg(long, env = "SSC_WEBHOOK_ALLOW_PRIVATE", default_value_t = false)]
    pub webhook_allow_private: bool,

    /// A webhook delivery not answered with a 2xx within this has failed, e.g. `10s`.
    #[arg(long, env = "SSC_WEBHOOK_TIMEOUT", default_value = "10s", value_parser = humantime::parse_duration)]
    pub webhook_timeout: Duration,

    /// Webhook deliveries in flight at once on each replica.
    #[arg(long, env = "SSC_WEBHOOK_CONCURRENCY", default_value_t = crate::webhooks::DEFAULT_CONCURRENCY)]
    pub webhook_concurrency: usize,
}

/// How the binary logs: every subcommand, given before or after it.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Logging")]
pub struct LogSettings {
    /// Log filter in env_logger syntax, e.g. `info` or `warn,access=info`.
    #[arg(long = "log", env = "RUST_LOG", global = true)]
    pub log_filter: Option<String>,

    /// Log lines as `text` or as `json` (one object per line: time, level, target,
    /// request id, message; access lines also method, route, path, status, latency and
    /// caller).
    #[arg(
        long,
        env = "SSC_LOG_FORMAT",
        global = true,
        value_enum,
        default_value = "text"
    )]
    pub log_format: LogFormat,
}

/// Everything `serve` reads: the database, tokens, the IATI publisher and the server's
/// own settings.
#[derive(Debug, Clone, Args)]
pub struct ServeSettings {
    #[command(flatten)]
    pub database: DatabaseSettings,
    #[command(flatten)]
    pub signing: SigningSettings,
    #[command(flatten)]
    pub reporting_org: ReportingOrgSettings,
    #[command(flatten)]
    pub server: ServerSettings,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

pub use crate::secret::Secret;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "SSC_JWT_SECRET is {0} bytes long; it must be at least {MIN_JWT_SECRET_BYTES} bytes (try: openssl rand -hex 32)"
    )]
    SecretTooShort(usize),
    #[error(
        "SSC_JWT_SECRET must be set when running on PostgreSQL: every replica must verify the same tokens"
    )]
    SecretRequired,
    #[error("{context} {path}: {source}")]
    Io {
        context: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid DATABASE_URL: {0}")]
    DatabaseUrl(String),
    #[error(
        "the secret file {path} may be read by other users (mode {mode:o}); make it private: chmod 600 {path}"
    )]
    SecretFileExposed { path: PathBuf, mode: u32 },
}

impl DatabaseSettings {
    /// Where the data lives: the explicit `DATABASE_URL`, or the SQLite file in the data
    /// directory (the directory is created when missing).
    pub fn database(&self) -> Result<DatabaseUrl, ConfigError> {
        match &self.database_url {
            Some(url) => DatabaseUrl::parse(url).map_err(ConfigError::DatabaseUrl),
            None => {
                ensure_dir(&self.data_dir)?;
                Ok(DatabaseUrl::Sqlite(self.data_dir.join(SQLITE_FILE)))
            }
        }
    }
}

impl SigningSettings {
    /// The HS256 secret: from the environment, or on SQLite generated once and kept in
    /// the data directory (mode 0600) so that tokens survive restarts.
    pub fn jwt_secret(
        &self,
        data: &DatabaseSettings,
        database: &DatabaseUrl,
    ) -> Result<Secret, ConfigError> {
        if let Some(secret) = &self.jwt_secret {
            let len = secret.expose().len();
            if len < MIN_JWT_SECRET_BYTES {
                return Err(ConfigError::SecretTooShort(len));
            }
            return Ok(secret.clone());
        }
        match database {
            DatabaseUrl::Postgres(_) => Err(ConfigError::SecretRequired),
            DatabaseUrl::Sqlite(_) => load_or_create_secret(&data.data_dir, SECRET_FILE),
        }
    }
}

impl ReportingOrgSettings {
    pub fn reporting_org(&self) -> crate::iati::ReportingOrg {
        crate::iati::ReportingOrg {
            reference: self.iati_reporting_org_ref.clone(),
            organisation_type: self.iati_reporting_org_type.clone(),
            name: self.iati_reporting_org_name.clone(),
        }
    }
}

impl ServerSettings {
    /// The key of webhook secrets: `SSC_WEBHOOK_KEY`, or else derived from the JWT
    /// secret (which every replica shares already).
    pub fn webhook_key(
        &self,
        jwt_secret: &Secret,
    ) -> Result<crate::webhooks::secrets::SecretBox, String> {
        // Set but empty (a compose file's `${SSC_WEBHOOK_KEY:-}`) counts as not set.
        match self.webhook_key.as_ref().filter(|k| !k.expose().is_empty()) {
            Some(key) => crate::webhooks::secrets::SecretBox::from_hex(key.expose())
                .map_err(|e| format!("SSC_WEBHOOK_KEY {e}")),
            None => Ok(crate::webhooks::secrets::SecretBox::derived_from(
                jwt_secret.expose(),
            )),
        }
    }
}

fn ensure_dir(dir: &Path) -> Result<(), ConfigError> {
    std::fs::create_dir_all(dir).map_err(|source| ConfigError::Io {
        context: "cannot create data directory",
        path: dir.to_owned(),
        source,
    })
}

/// A secret kept in `file` in the data directory (32 random bytes as hex), made the first
/// time.
fn load_or_create_secret(data_dir: &Path, file_name: &str) -> Result<Secret, ConfigError> {
    use std::io::Write;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};

    ensure_dir(data_dir)?;
    let path = data_dir.join(file_name);
    let io_error = |context, source| ConfigError::Io {
        context,
        path: path.clone(),
        source,
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            // Tokens signed with a secret others can read prove nothing.
            let mode = std::fs::metadata(&path)
                .map_err(|e| io_error("cannot read", e))?
                .permissions()
                .mode()
                & 0o777;
            if mode & 0o077 != 0 {
                return Err(ConfigError::SecretFileExposed {
                    path: path.clone(),
                    mode,
                });
            }
            let secret = text.trim().to_owned();
            if secret.len() < MIN_JWT_SECRET_BYTES {
                return Err(ConfigError::SecretTooShort(secret.len()));
            }
            Ok(Secret::new(secret))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes)
                .map_err(|e| io_error("cannot generate a secret for", std::io::Error::other(e)))?;
            let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            // Written to a private temporary file, then linked into place: a process
            // starting at the same moment either wins the link or reads the winner's file.
            let tmp = data_dir.join(format!(".{file_name}.{}", std::process::id()));
            let _ = std::fs::remove_file(&tmp); // a leftover of a process that died here
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&tmp)
                .map_err(|e| io_error("cannot create", e))?;
            file.write_all(format!("{secret}\n").as_bytes())
                .and_then(|_| file.sync_all())
                .map_err(|e| io_error("cannot write", e))?;
            let linked = std::fs::hard_link(&tmp, &path);
            let _ = std::fs::remove_file(&tmp);
            match linked {
                Ok(()) => {
                    log::info!("generated a new secret in {}", path.display());
                    Ok(Secret::new(secret))
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    load_or_create_secret(data_dir, file_name)
                }
                Err(e) => Err(io_error("cannot create", e)),
            }
        }
        Err(e) => Err(io_error("cannot read", e)),
    }
}
