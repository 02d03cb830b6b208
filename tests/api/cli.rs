//! The real binary: subcommands, configuration errors, persistence across a restart and
//! graceful shutdown on SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::TestDatabase;

const BINARY: &str = env!("CARGO_BIN_EXE_ssc-api");
const SECRET: &str = "process-test-secret-long-enough-for-hs256";

/// Environment for the binary: a data directory, and on PostgreSQL the test schema and a
/// secret (which PostgreSQL deployments must set).
pub fn environment(data_dir: &Path, url: &ssc_api::db::DatabaseUrl) -> Vec<(&'static str, String)> {
    let mut env = vec![
        ("SSC_DATA_DIR", data_dir.display().to_string()),
        ("RUST_LOG", "error".to_owned()),
        // The tests call as fast as they can, as one caller.
        ("SSC_RATE_LIMIT", "0".to_owned()),
    ];
    if let ssc_api::db::DatabaseUrl::Postgres(url) = url {
        env.push(("DATABASE_URL", url.clone()));
        env.push(("SSC_JWT_SECRET", SECRET.to_owned()));
    }
    env
}

fn command(env: &[(&str, String)], args: &[&str]) -> Command {
    let mut command = Command::new(BINARY);
    command
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("SSC_JWT_SECRET")
        .env_remove("SSC_BIND")
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())));
    command
}

fn run(env: &[(&str, String)], args: &[&str]) -> Output {
    command(env, args).output().expect("run ssc-api")
}

pub struct Server {
    pub child: Child,
    pub address: String,
}

impl Server {
    pub fn start(env: &[(&str, String)]) -> Server {
        let mut child = command(env, &["serve", "--bind", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start ssc-api");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).expect("read the banner");
        let address = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("unexpected banner: {line:?}"))
            .to_owned();
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut sink = String::new();
            let _ = stdout.read_to_string(&mut sink);
        });
        Server { child, address }
    }

    /// One HTTP/1.1 exchange over a fresh connection.
    pub fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> (u16, Value) {
        self.try_call(method, path, token, body)
            .expect("the server answers")
    }

    /// [`Server::call`], or `None` when the connection fails or breaks off.
    pub fn try_call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Option<(u16, Value)> {
        Server::client(&self.address).try_call(method, path, token, body)
    }

    /// A client for a server at `address`, usable from other threads.
    pub fn client(address: &str) -> Client {
        Client {
            address: address.to_owned(),
        }
    }

    /// SIGTERM, then wait for a clean exit.
    pub fn stop(mut self) {
        let pid = self.child.id().to_string();
        let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        assert!(killed.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "graceful shutdown exits 0, got {status}");
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not stop within 10 s of SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// A minimal HTTP/1.1 client: one exchange per connection.
pub struct Client {
    address: String,
}

/// A response as the raw client reads it.
pub struct Exchange {
    pub status: u16,
    /// The header lines, lower-cased.
    pub headers: String,
    pub body: Value,
}

impl Client {
    /// One exchange, or `None` when the connection fails or breaks off.
    pub fn try_call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Option<(u16, Value)> {
        self.exchange(method, path, token, body, &[])
            .map(|e| (e.status, e.body))
    }

    /// [`Client::try_call`] with extra request headers, and the response's headers.
    pub fn exchange(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Option<Exchange> {
        let mut stream = TcpStream::connect(&self.address).ok()?;
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.address
        );
        if let Some(token) = token {
            request.push_str(&format!("Authorization: Bearer {token}\r\n"));
        }
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        if !body.is_empty() {
            request.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        request.push_str("\r\n");
        request.push_str(&body);
        stream.write_all(request.as_bytes()).ok()?;
        let mut response = String::new();
        stream.read_to_string(&mut response).ok()?;
        let status = response.get(9..12)?.parse().ok()?;
        let (head, body) = response.split_once("\r\n\r\n")?;
        Some(Exchange {
            status,
            headers: head.to_ascii_lowercase(),
            body: serde_json::from_str(body).unwrap_or(Value::Null),
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn mint(env: &[(&str, String)], role: &str) -> String {
    let output = run(env, &["token", "--role", role, "--sub", "cli-test"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

#[test]
fn data_and_tokens_survive_a_restart() {
    let (_database, url) = TestDatabase::create();
    let data = tempfile::tempdir().unwrap();
    let env = environment(data.path(), &url);
    let token = mint(&env, "admin");

    let server = Server::start(&env);
    let (status, ready) = server.call("GET", "/readyz", None, None);
    assert_eq!((status, ready["status"].as_str()), (200, Some("ready")));
    let body = json!({"name": "Instituto Nacional de Tecnología Agropecuaria", "acronym": "INTA", "organisation_type": "10", "country_code": "AR"});
    let (status, created) = server.call("POST", "/api/v1/organisations", Some(&token), Some(&body));
    assert_eq!(status, 201, "{created}");
    server.stop();

    if url.is_sqlite() {
        use std::os::unix::fs::PermissionsExt;
        let secret = data.path().join("jwt-secret");
        let mode = std::fs::metadata(&secret).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the generated secret is private");
        assert!(
            data.path().join("ssc.db").exists(),
            "the database lives in the data directory"
        );
    }

    let server = Server::start(&env);
    let path = format!("/api/v1/organisations/{}", created["id"].as_str().unwrap());
    let (status, read) = server.call("GET", &path, Some(&token), None);
    assert_eq!(
        status, 200,
        "the token minted before the restart still works"
    );
    assert_eq!(read, created, "the record survived the restart");
    // A token minted after the restart works too (the secret did not change).
    let (status, _) = server.call("GET", &path, Some(&mint(&env, "viewer")), None);
    assert_eq!(status, 200);
    server.stop();
}

#[test]
fn a_short_secret_is_refused_at_start() {
    let data = tempfile::tempdir().unwrap();
    let mut env = environment(
        data.path(),
        &ssc_api::db::DatabaseUrl::Sqlite(data.path().join("x.db")),
    );
    env.push(("SSC_JWT_SECRET", "too-short".to_owned()));
    for args in [
        &["serve", "--bind", "127.0.0.1:0"][..],
        &["token", "--role", "admin", "--sub", "x"][..],
    ] {
        let output = run(&env, args);
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("at least 32 bytes"), "{stderr}");
    }
}

#[test]
fn postgres_without_a_secret_is_refused_and_connection_errors_are_explicit() {
    let data = tempfile::tempdir().unwrap();
    let env = vec![
        ("SSC_DATA_DIR", data.path().display().to_string()),
        (
            "DATABASE_URL",
            "postgres://postgres@127.0.0.1:1/nothing".to_owned(),
        ),
    ];
    let output = run(&env, &["serve", "--bind", "127.0.0.1:0"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("SSC_JWT_SECRET must be set"), "{stderr}");

    let mut env = env;
    env.push(("SSC_JWT_SECRET", SECRET.to_owned()));
    let output = run(&env, &["migrate"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr).to_lowercase();
    assert!(
        stderr.contains("connection refused"),
        "the real cause is shown: {stderr}"
    );
    assert!(
        !stderr.contains("postgres@"),
        "credentials are not printed: {stderr}"
    );
}

#[test]
fn openapi_subcommand_prints_the_committed_document() {
    let data = tempfile::tempdir().unwrap();
    let env = vec![("SSC_DATA_DIR", data.path().display().to_string())];
    let output = run(&env, &["openapi"]);
    assert!(output.status.success());
    let printed = String::from_utf8(output.stdout).unwrap();
    assert!(
        printed.trim_end() == include_str!("../../openapi/openapi.json").trim_end(),
        "`ssc-api openapi` prints the committed document"
    );
}

#[test]
fn token_subcommand_checks_its_arguments() {
    let data = tempfile::tempdir().unwrap();
    let env = vec![("SSC_DATA_DIR", data.path().display().to_string())];
    let output = run(&env, &["token", "--role", "admin"]);
    assert!(!output.status.success(), "a token names its subject");
    assert!(String::from_utf8_lossy(&output.stderr).contains("--sub"));
    let output = run(&env, &["token", "--role", "partner", "--sub", "ana"]);
    assert!(!output.status.success(), "a partner token needs --org");
    assert!(String::from_utf8_lossy(&output.stderr).contains("--org"));
    // No default role: leaving it out is an error naming it, not an admin token.
    let output = run(&env, &["token", "--sub", "ana"]);
    assert!(!output.status.success(), "a token names its role");
    assert!(String::from_utf8_lossy(&output.stderr).contains("--role"));
    let output = run(&env, &["token", "--role", "superuser", "--sub", "ana"]);
    assert!(!output.status.success());
    for ttl in ["8d", "0s"] {
        let output = run(
            &env,
            &["token", "--role", "admin", "--sub", "ana", "--ttl", ttl],
        );
        assert!(!output.status.success(), "--ttl {ttl}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("at most 7 days"));
    }
}

/// `token --org` mints only for an organisation the database holds: a mistyped id is
/// refused at once, naming it, rather than at every call the token makes.
#[test]
fn token_org_must_name_an_organisation_in_the_database() {
    let (_database, url) = TestDatabase::create();
    let data = tempfile::tempdir().unwrap();
    let env = environment(data.path(), &url);
    let missing = uuid::Uuid::now_v7().to_string();
    let output = run(
        &env,
        &[
            "token", "--role", "partner", "--org", &missing, "--sub", "ana",
        ],
    );
    assert!(
        !output.status.success(),
        "no token for an unknown organisation"
    );
    assert!(
        output.stdout.is_empty(),
        "nothing printed to use by mistake"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "--org {missing}: there is no organisation with this id"
        )),
        "{stderr}"
    );

    let server = Server::start(&env);
    let body = json!({"name": "Ministerio de Planificación del Desarrollo", "organisation_type": "10", "country_code": "BO"});
    let admin = mint(&env, "admin");
    let (status, created) = server.call("POST", "/api/v1/organisations", Some(&admin), Some(&body));
    assert_eq!(status, 201, "{created}");
    server.stop();
    let org = created["id"].as_str().unwrap().to_owned();

    let output = run(
        &env,
        &[
            "token", "--role", "partner", "--org", &org, "--sub", "ana", "--ttl", "7d",
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let token = String::from_utf8(output.stdout).unwrap();
    let server = Server::start(&env);
    let (status, me) = server.call(
        "GET",
        &format!("/api/v1/organisations/{org}"),
        Some(token.trim()),
        None,
    );
    server.stop();
    assert_eq!(
        status, 200,
        "the partner token works for its organisation: {me}"
    );
}

/// Each subcommand's help lists the settings it uses, not the server's.
#[test]
fn each_subcommands_help_shows_its_own_settings() {
    let help = |args: &[&str]| {
        let output = run(&[], args);
        assert!(output.status.success(), "{args:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let serve = help(&["serve", "--help"]);
    for option in [
        "--bind",
        "--cors-origins",
        "--metrics-token",
        "--webhook-timeout",
        "--iati-publish",
        "--database-url",
        "--jwt-secret",
        "--iati-reporting-org-ref",
        "--log-format",
    ] {
        assert!(serve.contains(option), "serve --help lists {option}");
    }
    let server_only = [
        "--bind",
        "--cors-origins",
        "--metrics-token",
        "--webhook-key",
        "--iati-publish",
        "--rate-limit",
        "--public-url",
        "--review",
    ];
    let cases: [(&[&str], &[&str], &[&str]); 5] = [
        (
            &["token", "--help"],
            &[
                "--role",
                "--org",
                "--database-url",
                "--data-dir",
                "--jwt-secret",
                "--jwt-issuer",
            ],
            &["--iati-reporting-org-ref"],
        ),
        (
            &["migrate", "--help"],
            &["--database-url", "--db-pool-size"],
            &["--jwt-secret"],
        ),
        (
            &["seed", "--help"],
            &["--demo", "--database-url"],
            &["--jwt-secret"],
        ),
        (
            &["import", "iati", "--help"],
            &["--dry-run", "--database-url", "--iati-reporting-org-ref"],
            &["--jwt-secret"],
        ),
        (
            &["openapi", "--help"],
            &[],
            &["--database-url", "--jwt-secret"],
        ),
    ];
    for (args, shown, hidden) in cases {
        let text = help(args);
        for option in shown {
            assert!(text.contains(option), "{args:?} lists {option}:\n{text}");
        }
        for option in hidden.iter().chain(&server_only) {
            assert!(
                !text.contains(option),
                "{args:?} does not list {option}:\n{text}"
            );
        }
        assert!(text.contains("--log"), "logging is for every subcommand");
    }
}

/// Without a subcommand the binary serves, its settings taken from the environment.
#[test]
fn without_a_subcommand_the_server_runs_with_the_environments_settings() {
    let data = tempfile::tempdir().unwrap();
    let mut env = environment(
        data.path(),
        &ssc_api::db::DatabaseUrl::Sqlite(data.path().join("ssc.db")),
    );
    env.push(("SSC_BIND", "not-an-address".to_owned()));
    let output = run(&env, &[]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--bind") && stderr.contains("not-an-address"),
        "{stderr}"
    );
}

/// Configuration mistakes in the partner-integration settings stop the server at start,
/// saying what is wrong.
#[test]
fn bad_integration_settings_are_refused_at_start() {
    let data = tempfile::tempdir().unwrap();
    let base = environment(
        data.path(),
        &ssc_api::db::DatabaseUrl::Sqlite(data.path().join("x.db")),
    );
    let own_issuer = data.path().join("own-issuer.json");
    std::fs::write(
        &own_issuer,
        json!({"issuers": [{
            "issuer": "ssc-api", "audience": "ssc-api",
            "organisation_id": "0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8d", "max_role": "partner",
            "jwks": serde_json::from_str::<Value>(include_str!("../fixtures/issuer/jwks.json")).unwrap()
        }]})
        .to_string(),
    )
    .unwrap();
    let cases = [
        (
            (
                "SSC_TRUSTED_ISSUERS_FILE",
                "/nonexistent/issuers.json".to_owned(),
            ),
            "cannot read SSC_TRUSTED_ISSUERS_FILE",
        ),
        (
            ("SSC_TRUSTED_ISSUERS_FILE", own_issuer.display().to_string()),
            "this API's own issuer",
        ),
        (
            ("SSC_REQUEST_TIMEOUT", "0s".to_owned()),
            "SSC_REQUEST_TIMEOUT must be longer than zero",
        ),
        (
            ("SSC_IDEMPOTENCY_TTL", "soon".to_owned()),
            "idempotency-ttl",
        ),
        (
            ("SSC_TRUSTED_PROXIES", "10.0.0.0/8,proxy.local".to_owned()),
            "SSC_TRUSTED_PROXIES: \"proxy.local\" is neither an IP address nor a network",
        ),
        (
            ("SSC_PUBLIC_URL", "ssc.example.org".to_owned()),
            "SSC_PUBLIC_URL must be an http:// or https:// URL",
        ),
        (
            ("SSC_WEBHOOK_KEY", "not-hex-and-too-short".to_owned()),
            "SSC_WEBHOOK_KEY must be 32 bytes written as 64 hexadecimal digits",
        ),
        (
            ("SSC_WEBHOOK_TIMEOUT", "0s".to_owned()),
            "SSC_WEBHOOK_TIMEOUT must be longer than zero",
        ),
        (
            ("SSC_WEBHOOK_CONCURRENCY", "0".to_owned()),
            "SSC_WEBHOOK_CONCURRENCY must be at least 1",
        ),
    ];
    for (setting, message) in cases {
        let mut env = base.clone();
        env.push(setting.clone());
        let output = run(&env, &["serve", "--bind", "127.0.0.1:0"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{setting:?} was accepted");
        assert!(stderr.contains(message), "{setting:?}: {stderr}");
    }
}

/// A secret file other users may read is refused: tokens signed with it would prove
/// nothing.
#[test]
fn a_secret_file_readable_by_others_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let data = tempfile::tempdir().unwrap();
    let env = vec![("SSC_DATA_DIR", data.path().display().to_string())];
    let output = run(&env, &["token", "--role", "admin", "--sub", "ana"]);
    assert!(output.status.success(), "the secret is generated");
    let secret = data.path().join("jwt-secret");
    for mode in [0o644, 0o640, 0o604] {
        std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(mode)).unwrap();
        let output = run(&env, &["token", "--role", "admin", "--sub", "ana"]);
        assert!(!output.status.success(), "mode {mode:o}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("chmod 600"), "{stderr}");
    }
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(
        run(&env, &["token", "--role", "admin", "--sub", "ana"])
            .status
            .success()
    );
}

/// `ssc-api import iati`: a file and standard input, a dry run that writes nothing, then
/// the import and its summary; a file that is not IATI fails and changes nothing.
#[test]
fn import_iati_reads_files_and_standard_input() {
    let (_database, url) = TestDatabase::create();
    let data = tempfile::tempdir().unwrap();
    let env = environment(data.path(), &url);
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/iati/messy.xml");

    // A dry run checks each activity against the database as it is: activity 7 would
    // take the code of activity 2, which a dry run does not write.
    let dry = run(&env, &["import", "iati", "--dry-run", file]);
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    let summary = String::from_utf8(dry.stdout).unwrap();
    assert!(
        summary.contains(
            "dry run (nothing written): 7 activities: 5 created, 0 updated, 0 submitted for review, 1 kept as an incomplete draft, 0 unchanged, 1 skipped"
        ),
        "{summary}"
    );
    assert!(
        summary.contains("iati-activity[4] XM-DAC-41114-PROJECT-00789: drafted"),
        "{summary}"
    );
    assert!(
        summary.contains("  iati-activity[5]/iati-identifier: missing"),
        "{summary}"
    );

    let real = run(&env, &["import", "iati", file]);
    assert!(
        real.status.success(),
        "{}",
        String::from_utf8_lossy(&real.stderr)
    );
    assert!(String::from_utf8_lossy(&real.stdout).contains(
        "7 activities: 4 created, 0 updated, 0 submitted for review, 1 kept as an incomplete draft, 0 unchanged, 2 skipped"
    ));

    let mut again = command(&env, &["import", "iati", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    again
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(file).unwrap())
        .unwrap();
    let again = again.wait_with_output().unwrap();
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert!(String::from_utf8_lossy(&again.stdout).contains(
        "7 activities: 0 created, 0 updated, 0 submitted for review, 0 kept as incomplete drafts, 5 unchanged, 2 skipped"
    ));

    let not_iati = data.path().join("not-iati.xml");
    std::fs::write(&not_iati, "<project/>").unwrap();
    let refused = run(&env, &["import", "iati", file, not_iati.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not an IATI activity file"));
}

#[test]
fn the_access_log_can_be_json_lines() {
    let (_database, url) = TestDatabase::create();
    let data = tempfile::tempdir().unwrap();
    let mut env = environment(data.path(), &url);
    env.push(("SSC_LOG_FORMAT", "json".into()));
    env.push(("RUST_LOG", "warn,access=info".into()));
    let token = mint(&env, "admin");
    let mut child = command(&env, &["serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ssc-api");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut banner = String::new();
    stdout.read_line(&mut banner).unwrap();
    let address = banner
        .split("http://")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let missing = "/api/v1/projects/0192e4a0-0000-7000-8000-000000000000";
    let (status, _) = Server::client(&address)
        .try_call("GET", missing, Some(&token), None)
        .expect("the server answers");
    assert_eq!(status, 404);
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<Value> = stderr
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect();
    let access = lines
        .iter()
        .find(|l| l["target"] == "access" && l["path"] == missing)
        .unwrap_or_else(|| panic!("an access line: {stderr}"));
    assert_eq!(access["method"], "GET");
    assert_eq!(access["route"], "/api/v1/projects/{id}");
    assert_eq!(access["status"], 404);
    assert!(access["latency_ms"].as_f64().is_some(), "{access}");
    assert_eq!(access["caller"], "ssc-api|cli-test admin");
    assert!(
        access["request_id"]
            .as_str()
            .is_some_and(|id| !id.is_empty()),
        "{access}"
    );
    assert_eq!(access["level"], "INFO");
}

/// The start-up banner's token command runs as printed from where the server was started
/// (this binary, not `cargo run`, which would build another profile), and its token is
/// the server's.
#[test]
fn the_banners_token_command_works_from_where_the_user_is() {
    let (_database, url) = TestDatabase::create();
    let data = tempfile::tempdir().unwrap();
    let env = environment(data.path(), &url);
    let mut child = command(&env, &["serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start ssc-api");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut banner = Vec::new();
    let mut line = String::new();
    while stdout.read_line(&mut line).unwrap() > 0 {
        banner.push(std::mem::take(&mut line));
        if banner.last().unwrap().contains("Get a token") {
            break;
        }
    }
    let address = banner[0]
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_owned();
    let printed = banner
        .last()
        .and_then(|l| l.split("Get a token:").nth(1))
        .and_then(|rest| rest.split("   (").next())
        .unwrap_or_else(|| panic!("no token command in {banner:?}"))
        .trim()
        .to_owned();
    std::thread::spawn(move || {
        let mut sink = String::new();
        let _ = stdout.read_to_string(&mut sink);
    });
    assert!(!printed.contains("cargo"), "{printed}");
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(printed.replace("<you>", "banner-test"))
        .env_remove("DATABASE_URL")
        .env_remove("SSC_JWT_SECRET")
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{printed}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let token = String::from_utf8(output.stdout).unwrap();
    let server = Server {
        child,
        address: address.clone(),
    };
    let (status, _) = server.call("GET", "/api/v1/projects", Some(token.trim()), None);
    assert_eq!(status, 200);
    server.stop();
}

/// A taken port says how to choose another address.
#[test]
fn a_taken_port_says_how_to_choose_another_address() {
    let (_database, url) = TestDatabase::create();
    let data = tempfile::tempdir().unwrap();
    let env = environment(data.path(), &url);
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let output = run(&env, &["serve", "--bind", &address]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&address), "{stderr}");
    assert!(
        stderr.contains("--bind") && stderr.contains("SSC_BIND"),
        "{stderr}"
    );
}
