//! The command line: one binary, subcommands, settings from the environment or flags.

use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use uuid::Uuid;

use crate::auth::{Role, TokenKeys};
use crate::config::{DatabaseSettings, LogSettings, ServeSettings, SigningSettings};
use crate::http::request_context;
use crate::{app, seed, server};

#[derive(Debug, Parser)]
#[command(
    name = "ssc-api",
    version,
    about = "South-South and Triangular Cooperation API"
)]
pub struct Cli {
    /// Logging, for every subcommand; each subcommand takes the settings it uses.
    #[command(flatten)]
    pub log: LogSettings,

    #[command(subcommand)]
    pub command: Option<Command>,
}

// Parsed once per run: `serve`'s settings need no box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server (the default; without the subcommand its settings come from
    /// the environment).
    Serve(ServeSettings),
    /// Apply pending database migrations and exit.
    Migrate(DatabaseSettings),
    /// Print the OpenAPI document (JSON) to stdout.
    Openapi,
    /// Mint a bearer token signed with the configured secret, for local use.
    Token {
        /// The role the token grants (no default: an admin token is not minted by
        /// leaving it out).
        #[arg(long, value_enum)]
        role: Role,
        /// The organisation the caller acts for (required for partner).
        #[arg(long)]
        org: Option<Uuid>,
        /// The subject: who the caller is (recorded as the actor of its changes, and the
        /// owner of its Idempotency-Keys). Required: tokens for different people must not
        /// share one.
        #[arg(long)]
        sub: String,
        /// How long the token is valid, e.g. 15m, 12h; at most 7 days.
        #[arg(long, default_value = "12h", value_parser = token_lifetime)]
        ttl: Duration,
        /// Where `--org` is looked up (and, on SQLite, where the generated secret is).
        #[command(flatten)]
        database: DatabaseSettings,
        #[command(flatten)]
        signing: SigningSettings,
    },
    /// Import data from other systems' files.
    Import {
        #[command(subcommand)]
        format: ImportFormat,
    },
    /// Load data into the database.
    #[command(group(clap::ArgGroup::new("what").required(true).multiple(true).args(["demo", "synthetic"])))]
    Seed {
        /// Realistic demo data: Argentine ministries and agencies, partner ministries,
        /// donors, multilaterals and regional bodies, a dozen projects.
        #[arg(long)]
        demo: bool,
        /// N generated, valid and varied projects, with N/10 capacities and N/2 cooperation
        /// requests (for load tests).
        #[arg(long, value_name = "N")]
        synthetic: Option<usize>,
        #[command(flatten)]
        database: DatabaseSettings,
    },
}

/// What `import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportFormat {
    /// IATI activity files, versions 2.01 to 2.03: each activity creates or updates the
    /// project of its iati-identifier; prints a report.
    Iati {
        /// The files (`-`: standard input).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<std::path::PathBuf>,
        /// Report what would be done, writing nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        database: DatabaseSettings,
        /// Activities without an identifier of their own get one under this publisher.
        #[command(flatten)]
        reporting_org: crate::config::ReportingOrgSettings,
    },
}

/// The longest a token minted on the command line may live.
pub const MAX_TOKEN_TTL: Duration = Duration::from_secs(7 * 24 * 3600);

fn token_lifetime(text: &str) -> Result<Duration, String> {
    let ttl = humantime::parse_duration(text).map_err(|e| e.to_string())?;
    if ttl.is_zero() || ttl > MAX_TOKEN_TTL {
        return Err("must be longer than zero and at most 7 days (7d)".into());
    }
    Ok(ttl)
}

/// `serve`'s settings when no subcommand is given: from the environment and defaults.
#[derive(Debug, Parser)]
#[command(name = "ssc-api")]
struct ServeFromEnvironment {
    #[command(flatten)]
    settings: ServeSettings,
}

pub fn run(cli: Cli) -> ExitCode {
    request_context::init_logging(cli.log.log_filter.as_deref(), cli.log.log_format);
    let command = cli.command.unwrap_or_else(|| {
        Command::Serve(
            ServeFromEnvironment::try_parse_from(["ssc-api"])
                .unwrap_or_else(|e| e.exit())
                .settings,
        )
    });
    let result = match command {
        Command::Serve(settings) => actix_web::rt::System::new().block_on(server::serve(settings)),
        Command::Migrate(database) => server::open_database(&database).map(|(_, url)| {
            println!("database {} is up to date", url.redacted());
        }),
        Command::Openapi => {
            let doc = app::openapi_document();
            println!(
                "{}",
                serde_json::to_string_pretty(&doc).expect("the document serialises")
            );
            Ok(())
        }
        Command::Token {
            role,
            org,
            sub,
            ttl,
            database,
            signing,
        } => token(&database, &signing, role, org, &sub, ttl).map(|token| println!("{token}")),
        Command::Import {
            format:
                ImportFormat::Iati {
                    files,
                    dry_run,
                    database,
                    reporting_org,
                },
        } => server::database(&database).and_then(|db| {
            actix_web::rt::System::new().block_on(async {
                let report = crate::iati::import::import_files(
                    &db,
                    &reporting_org.reporting_org(),
                    &files,
                    dry_run,
                )
                .await?;
                print!("{report}");
                Ok(())
            })
        }),
        Command::Seed {
            demo,
            synthetic,
            database,
        } => server::database(&database).and_then(|db| {
            actix_web::rt::System::new().block_on(async {
                if demo {
                    seed::demo(&db).await?;
                }
                if let Some(count) = synthetic {
                    seed::synthetic(&db, count).await?;
                }
                Ok(())
            })
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("ssc-api: {message}");
            ExitCode::FAILURE
        }
    }
}

/// A signed token; with `--org`, only for an organisation the database holds (a token for
/// a mistyped id would be refused at every call, far from the mistake).
fn token(
    database: &DatabaseSettings,
    signing: &SigningSettings,
    role: Role,
    org: Option<Uuid>,
    sub: &str,
    ttl: Duration,
) -> Result<String, String> {
    let url = database.database().map_err(|e| e.to_string())?;
    let secret = signing
        .jwt_secret(database, &url)
        .map_err(|e| e.to_string())?;
    let token = TokenKeys::new(&secret, &signing.jwt_issuer, &signing.jwt_audience)
        .mint(sub, role, org, ttl)?;
    if let Some(org) = org {
        let (pool, url) = server::open_database(database)?;
        let mut conn = pool
            .get()
            .map_err(|e| format!("cannot get a connection to {}: {e}", url.redacted()))?;
        let found = crate::store::organisations::find(&mut conn, org).map_err(|e| e.to_string())?;
        if found.is_none() {
            return Err(format!(
                "--org {org}: there is no organisation with this id in {} \
                 (list them with GET /api/v1/organisations)",
                url.redacted()
            ));
        }
    }
    Ok(token)
}
