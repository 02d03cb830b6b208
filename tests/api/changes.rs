//! The change feed: one total order of every create, update and delete; followed from the
//! start it reproduces the current state for each kind of reader; deletes are tombstones;
//! a record leaving a reader's view is a delete for that reader.

use std::collections::BTreeMap;

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use serde_json::{Value, json};
use ssc_api::auth::Role;
use uuid::Uuid;

use crate::fixtures::{
    ARRANGEMENTS, EXCHANGES, PARTNERSHIPS, PROJECTS, arrangement, bilateral, bilateral_partnership,
    cast, exchange, triangular,
};
use crate::support::{TestApp, admin, spawn, token};

const FEED: &str = "/api/v1/changes";
const ORGANISATIONS: &str = "/api/v1/organisations";

fn collection(resource: &str) -> String {
    let kind = ssc_api::domain::kinds::ResourceKind::parse(resource)
        .unwrap_or_else(|| panic!("unknown resource {resource}"));
    ssc_api::routes::collection(kind)
}

type State = BTreeMap<(String, String), Value>;

/// The records of an eventful history.
struct History {
    mdryt: Value,
    mag: Value,
    public: Value,
    /// Restricted, then made public.
    hidden: Value,
    /// Public, then made restricted.
    going_private: Value,
    /// An organisation created, then deleted.
    temporary: Value,
    /// Deleted.
    doomed: Value,
    /// Restricted to its participants (MAG among them) throughout.
    always_restricted: Value,
    /// Restricted; MAG received it, then no longer.
    mag_exchange: Value,
}

async fn merge_patch<S, B>(app: &TestApp<S>, path: &str, current: &Value, patch: Value) -> Value
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    app.patch(path)
        .bearer(&admin())
        .if_match(&current["version"])
        .body("application/merge-patch+json", patch.to_string())
        .send()
        .await
        .ok(200)
}

/// A partner system following the feed: it keeps the records it has heard of and where
/// it stopped.
#[derive(Default)]
struct Follower {
    state: State,
    seen: Vec<Value>,
    cursor: Option<String>,
}

impl Follower {
    /// Read the feed from where it stopped to the end, `limit` changes at a time: fetch
    /// each record named by a create or update, drop each one named by a delete.
    async fn catch_up<S, B>(&mut self, app: &TestApp<S>, bearer: &str, limit: u32)
    where
        S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        loop {
            let url = match &self.cursor {
                Some(c) => format!("{FEED}?limit={limit}&after={c}"),
                None => format!("{FEED}?limit={limit}"),
            };
            let page = app.get(&url).bearer(bearer).send().await.ok(200);
            for change in page["items"].as_array().unwrap() {
                let resource = change["resource"].as_str().unwrap().to_owned();
                let id = change["id"].as_str().unwrap().to_owned();
                match change["action"].as_str().unwrap() {
                    "delete" => {
                        self.state.remove(&(resource, id));
                    }
                    "create" | "update" => {
                        let reply = app
                            .get(&format!("{}/{id}", collection(&resource)))
                            .bearer(bearer)
                            .send()
                            .await;
                        // Not readable any more: the feed must say so with a later
                        // delete, so the record is left as it was until then.
                        if reply.status == 200 {
                            self.state.insert((resource, id), reply.json());
                        } else {
                            reply.problem(404);
                        }
                    }
                    other => panic!("unknown action {other}"),
                }
                self.seen.push(change.clone());
            }
            let next = page["next_cursor"].as_str().unwrap().to_owned();
            self.cursor = Some(next.clone());
            if !page["has_more"].as_bool().unwrap() {
                // The cursor of the last page resumes where it ended.
                let after = app
                    .get(&format!("{FEED}?after={next}"))
                    .bearer(bearer)
                    .send()
                    .await
                    .ok(200);
                assert_eq!(after["items"], json!([]));
                assert_eq!(after["next_cursor"], next.as_str());
                return;
            }
        }
    }
}

/// Follow the feed from the start to the end.
async fn follow<S, B>(app: &TestApp<S>, bearer: &str, limit: u32) -> (State, Vec<Value>)
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let mut follower = Follower::default();
    follower.catch_up(app, bearer, limit).await;
    (follower.state, follower.seen)
}

/// What the reader sees by listing every collection.
async fn listed<S, B>(app: &TestApp<S>, bearer: &str) -> State
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let mut state = State::new();
    for resource in [
        "organisation",
        "project",
        "partnership",
        "triangular_arrangement",
        "policy_exchange",
    ] {
        let page = app
            .get(&format!("{}?limit=200", collection(resource)))
            .bearer(bearer)
            .send()
            .await
            .ok(200);
        assert_eq!(page["next_cursor"], Value::Null);
        for item in page["items"].as_array().unwrap() {
            let id = item["id"].as_str().unwrap().to_owned();
            let full = app
                .get(&format!("{}/{id}", collection(resource)))
                .bearer(bearer)
                .send()
                .await
                .ok(200);
            state.insert((resource.to_owned(), id), full);
        }
    }
    state
}

/// First: creates of each resource, public and restricted.
async fn eventful_history<S, B>(app: &TestApp<S>) -> History
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let cast = cast(app).await;
    let public = app.create(PROJECTS, &bilateral(&cast, "P-PUBLIC")).await;
    let mut body = triangular(&cast, "P-MAG-RESTRICTED");
    body["visibility"] = json!("restricted");
    let always_restricted = app.create(PROJECTS, &body).await;
    let mut body = bilateral(&cast, "P-HIDDEN-THEN-PUBLIC");
    body["visibility"] = json!("restricted");
    let hidden = app.create(PROJECTS, &body).await;
    let doomed = app.create(PROJECTS, &triangular(&cast, "P-DELETED")).await;
    let going_private = app
        .create(PROJECTS, &triangular(&cast, "P-MADE-RESTRICTED"))
        .await;
    app.create(PARTNERSHIPS, &bilateral_partnership(&cast))
        .await;
    app.create(ARRANGEMENTS, &arrangement(&cast)).await;
    let mut body = exchange(&cast);
    body["visibility"] = json!("restricted");
    let mag_exchange = app.create(EXCHANGES, &body).await;
    app.create(EXCHANGES, &exchange(&cast)).await;
    let temporary = app.organisation("Organización temporal").await;
    History {
        mdryt: cast.mdryt.clone(),
        mag: cast.mag.clone(),
        public,
        hidden,
        going_private,
        temporary,
        doomed,
        always_restricted,
        mag_exchange,
    }
}

/// Then: updates, records made public and restricted, an organisation dropped from a
/// restricted record, deletes.
async fn later_changes<S, B>(app: &TestApp<S>, history: &History)
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let History {
        mdryt,
        public,
        hidden,
        going_private,
        temporary,
        doomed,
        mag_exchange,
        ..
    } = history;
    merge_patch(
        app,
        &format!("{PROJECTS}/{}", public["id"].as_str().unwrap()),
        public,
        json!({"title": {"es": "Cadena láctea, segunda fase"}}),
    )
    .await;
    merge_patch(
        app,
        &format!("{PROJECTS}/{}", hidden["id"].as_str().unwrap()),
        hidden,
        json!({"visibility": "public"}),
    )
    .await;
    merge_patch(
        app,
        &format!("{PROJECTS}/{}", going_private["id"].as_str().unwrap()),
        going_private,
        json!({"visibility": "restricted"}),
    )
    .await;
    // MAG stops receiving the restricted exchange: it leaves MAG's view.
    merge_patch(
        app,
        &format!("{EXCHANGES}/{}", mag_exchange["id"].as_str().unwrap()),
        mag_exchange,
        json!({"receiving_organisations": [mdryt]}),
    )
    .await;
    app.delete(&format!("{PROJECTS}/{}", doomed["id"].as_str().unwrap()))
        .bearer(&admin())
        .if_match(&doomed["version"])
        .send()
        .await
        .ok(204);
    app.delete(&format!(
        "{ORGANISATIONS}/{}",
        temporary["id"].as_str().unwrap()
    ))
    .bearer(&admin())
    .if_match(&temporary["version"])
    .send()
    .await
    .ok(204);
}

#[actix_web::test]
async fn following_the_feed_reproduces_what_each_reader_sees() {
    let app = spawn().await;
    let history = eventful_history(&app).await;
    let mag_partner = token(Role::Partner, history.mag.as_str().unwrap().parse().ok());
    let readers = [
        ("admin", admin()),
        ("coordinator", token(Role::Coordinator, None)),
        ("partner", mag_partner),
        ("viewer", token(Role::Viewer, None)),
    ];
    // Each reader follows the creates, then (later) the rest, from where it stopped.
    let mut followers: Vec<Follower> = readers.iter().map(|_| Follower::default()).collect();
    for ((_, bearer), follower) in readers.iter().zip(&mut followers) {
        follower.catch_up(&app, bearer, 4).await;
    }
    later_changes(&app, &history).await;
    let History {
        mag,
        doomed,
        always_restricted,
        mag_exchange,
        ..
    } = history;
    let mut sizes = BTreeMap::new();
    for ((name, bearer), mut follower) in readers.iter().zip(followers) {
        follower.catch_up(&app, bearer, 4).await;
        let (followed, seen) = (follower.state, follower.seen);
        let expected = listed(&app, bearer).await;
        assert_eq!(
            followed.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "{name}"
        );
        assert_eq!(followed, expected, "{name}");
        // One strictly increasing order.
        let seqs: Vec<i64> = seen.iter().map(|c| c["seq"].as_i64().unwrap()).collect();
        assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{name}: {seqs:?}");
        sizes.insert(*name, (expected.len(), seen.len()));
    }
    // The readers really do see different things.
    assert!(sizes["admin"].0 > sizes["partner"].0, "{sizes:?}");
    assert!(sizes["partner"].0 > sizes["viewer"].0, "{sizes:?}");
    assert_eq!(sizes["admin"], sizes["coordinator"]);

    // A delete is a tombstone with the last version, the actor and the time.
    let (_, seen) = follow(&app, &admin(), 200).await;
    let tombstone = seen
        .iter()
        .find(|c| c["id"] == doomed["id"] && c["action"] == "delete")
        .expect("the deleted project has a tombstone");
    assert_eq!(tombstone["resource"], "project");
    assert_eq!(tombstone["version"], doomed["version"]);
    assert_eq!(tombstone["actor"], "admin-user");
    assert!(tombstone["at"].is_string());

    // For the partner, the exchange MAG no longer receives ends in a delete; the viewer
    // never hears of restricted records at all.
    let partner = token(Role::Partner, mag.as_str().unwrap().parse().ok());
    let (_, seen) = follow(&app, &partner, 200).await;
    let last_exchange_change = seen
        .iter()
        .rev()
        .find(|c| c["id"] == mag_exchange["id"])
        .unwrap();
    assert_eq!(last_exchange_change["action"], "delete");
    assert_eq!(last_exchange_change["changed_fields"], json!([]));
    assert!(seen.iter().any(|c| c["id"] == always_restricted["id"]));
    let (_, seen) = follow(&app, &token(Role::Viewer, None), 200).await;
    assert!(!seen.iter().any(|c| c["id"] == always_restricted["id"]));
    assert!(!seen.iter().any(|c| c["id"] == mag_exchange["id"]));
}

#[actix_web::test]
async fn the_feed_filters_by_type_and_refuses_bad_parameters() {
    let app = spawn().await;
    let history = eventful_history(&app).await;
    later_changes(&app, &history).await;
    let page = app
        .get(&format!("{FEED}?types=project,policy_exchange&limit=200"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let items = page["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(
        items
            .iter()
            .all(|c| c["resource"] == "project" || c["resource"] == "policy_exchange")
    );
    assert!(items.iter().any(|c| c["resource"] == "policy_exchange"));
    let all = app
        .get(&format!("{FEED}?limit=200"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let expected: Vec<&Value> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["resource"] == "project" || c["resource"] == "policy_exchange")
        .collect();
    assert_eq!(items.iter().collect::<Vec<_>>(), expected);

    let list_cursor = app
        .get(&format!("{ORGANISATIONS}?limit=1"))
        .bearer(&admin())
        .send()
        .await
        .ok(200)["next_cursor"]
        .as_str()
        .unwrap()
        .to_owned();
    for (query, parameter) in [
        ("types=project,meeting", "types"),
        ("types=", "types"),
        ("types=project,", "types"),
        ("types=project,%20partnership", "types"),
        ("after=not-a-cursor", "after"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("since=1", "since"),
    ] {
        let problem = app
            .get(&format!("{FEED}?{query}"))
            .bearer(&admin())
            .send()
            .await
            .problem(400);
        assert_eq!(problem["errors"][0]["parameter"], parameter, "{query}");
    }
    // A well-formed cursor that this feed did not issue (a list's) cannot be processed.
    let problem = app
        .get(&format!("{FEED}?after={list_cursor}"))
        .bearer(&admin())
        .send()
        .await
        .problem(422);
    assert_eq!(problem["errors"][0]["parameter"], "after");
    app.get(FEED).send().await.problem(401);
}

#[actix_web::test]
async fn an_empty_feed_has_a_cursor_to_wait_on() {
    let app = spawn().await;
    let page = app.get(FEED).bearer(&admin()).send().await.ok(200);
    assert_eq!(page["items"], json!([]));
    assert_eq!(page["has_more"], false);
    let cursor = page["next_cursor"].as_str().unwrap().to_owned();
    let created = app.organisation("Primera").await;
    let page = app
        .get(&format!("{FEED}?after={cursor}"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], created["id"]);
    assert_eq!(items[0]["action"], "create");
    assert_eq!(items[0]["version"], 1);
    assert!(Uuid::parse_str(items[0]["id"].as_str().unwrap()).is_ok());
}
