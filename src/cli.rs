//! The command line: one binary, subcommands, settings from the environment or flags.

use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use uuid::Uuid;

use crate::auth::{Role, TokenKeys};
use crate::config::Settings;
use crate::http::request_context;
use crate::{app, seed, server};

#[derive(Debug, Parser)]
#[command(
    name = "ssc-api",
    version,
    about = "South-South and Triangular Cooperation API"
)]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
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
        /// N generated, valid and varied projects (for load tests).
        #[arg(long, value_name = "N")]
        synthetic: Option<usize>,
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

pub fn run(cli: Cli) -> ExitCode {
    request_context::init_logging(cli.settings.log_filter.as_deref(), cli.settings.log_format);
    let settings = cli.settings;
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => actix_web::rt::System::new().block_on(server::serve(settings)),
        Command::Migrate => server::open_database(&settings).map(|(_, url)| {
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
        } => settings
            .database()
            .and_then(|url| settings.jwt_secret(&url))
            .map_err(|e| e.to_string())
            .and_then(|secret| {
                TokenKeys::new(&secret, &settings.jwt_issuer, &settings.jwt_audience)
                    .mint(&sub, role, org, ttl)
            })
            .map(|token| println!("{token}")),
        Command::Import {
            format: ImportFormat::Iati { files, dry_run },
        } => server::state(&settings).and_then(|state| {
            actix_web::rt::System::new().block_on(async {
                let report = crate::iati::import::import_files(
                    &state.db,
                    &state.iati.reporting_org,
                    &files,
                    dry_run,
                )
                .await?;
                print!("{report}");
                Ok(())
            })
        }),
        Command::Seed { demo, synthetic } => server::state(&settings).and_then(|state| {
            actix_web::rt::System::new().block_on(async {
                if demo {
                    seed::demo(&state.db).await?;
                }
                if let Some(count) = synthetic {
                    seed::synthetic(&state.db, count).await?;
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
