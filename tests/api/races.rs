//! Races that need the database to decide now that PostgreSQL's writers run in parallel
//! (issue 26; before, one lock ran every write in turn): each pair of requests is sent
//! at the same moment, many times, and at least one of each pair is refused.

use futures_util::future::join;
use serde_json::{Value, json};
use ssc_api::auth::Role;
use uuid::Uuid;

use crate::fixtures::{PARTNERSHIPS, PROJECTS, bilateral, bilateral_partnership, cast};
use crate::support::{admin, spawn, token};

const ROUNDS: usize = 12;

fn id_of(record: &Value) -> &str {
    record["id"].as_str().unwrap()
}

/// Two creates with one code: one is created, the other refused (409), never both.
#[actix_web::test]
async fn two_creates_of_one_code_create_one() {
    let app = spawn().await;
    let cast = cast(&app).await;
    for round in 0..ROUNDS {
        let body = bilateral(&cast, &format!("TWIN-{round}"));
        let (a, b) = join(
            app.post(PROJECTS).bearer(&admin()).json(&body).send(),
            app.post(PROJECTS).bearer(&admin()).json(&body).send(),
        )
        .await;
        let mut statuses = [a.status.as_u16(), b.status.as_u16()];
        statuses.sort();
        assert_eq!(
            statuses,
            [201, 409],
            "round {round}: {} / {}",
            a.text(),
            b.text()
        );
        // On PostgreSQL the refused create's `seq` is a gap in the change feed, and a list
        // may stand just below it for a moment while a transaction that was in progress
        // when it began ends (`store::changes::horizon`): read until the project is in.
        let code = format!("TWIN-{round}");
        let mut holding = 0;
        for _ in 0..100 {
            let list = app
                .get(&format!("{PROJECTS}?limit=200"))
                .bearer(&admin())
                .send()
                .await
                .ok(200);
            holding = list["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["code"] == code.as_str())
                .count();
            if holding > 0 {
                break;
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert_eq!(holding, 1, "round {round}: one project holds the code");
    }
}

/// A delete of a partnership and a create of a project under it: either the project is
/// created and the delete refused (409, still referenced), or the partnership is deleted
/// and the project refused (422, no such partnership); never a project under a deleted
/// partnership.
#[actix_web::test]
async fn a_delete_and_a_reference_to_one_record_never_both_succeed() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let (mut deleted, mut referenced) = (0, 0);
    for round in 0..ROUNDS {
        let partnership = app
            .create(PARTNERSHIPS, &bilateral_partnership(&cast))
            .await;
        let path = format!("{PARTNERSHIPS}/{}", id_of(&partnership));
        let mut body = bilateral(&cast, &format!("UNDER-{round}"));
        body["partnership_id"] = partnership["id"].clone();
        let (delete, create) = join(
            app.delete(&path)
                .bearer(&admin())
                .if_match(&partnership["version"])
                .send(),
            app.post(PROJECTS).bearer(&admin()).json(&body).send(),
        )
        .await;
        match (delete.status.as_u16(), create.status.as_u16()) {
            (204, 422) => {
                deleted += 1;
                assert_eq!(create.pointers(), ["/partnership_id"], "round {round}");
                app.get(&path).bearer(&admin()).send().await.problem(404);
            }
            (409, 201) => {
                referenced += 1;
                app.get(&path).bearer(&admin()).send().await.ok(200);
            }
            other => panic!(
                "round {round}: delete and create answered {other:?}: {} / {}",
                delete.text(),
                create.text()
            ),
        }
    }
    eprintln!("delete against reference: the delete won {deleted}, the reference {referenced}");
}

/// Two transitions of one record from the same version (a coordinator approves while
/// another returns it): one is made, the other refused; the record's version moved once.
#[actix_web::test]
async fn two_transitions_of_one_record_make_one() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let inti = Uuid::parse_str(cast.inti.as_str().unwrap()).unwrap();
    let partner = token(Role::Partner, Some(inti));
    let (first, second) = (
        token(Role::Coordinator, None),
        token(Role::Coordinator, None),
    );
    let (mut approved, mut returned) = (0, 0);
    for round in 0..ROUNDS {
        let draft = app
            .post(PROJECTS)
            .bearer(&partner)
            .json(&bilateral(&cast, &format!("FLOW-{round}")))
            .send()
            .await
            .ok(201);
        let item = format!("{PROJECTS}/{}", id_of(&draft));
        let submitted = app
            .post(&format!("{item}/submit"))
            .bearer(&partner)
            .if_match(&draft["version"])
            .send()
            .await
            .ok(200);
        let (approve, back) = join(
            app.post(&format!("{item}/approve"))
                .bearer(&first)
                .if_match(&submitted["version"])
                .send(),
            app.post(&format!("{item}/return"))
                .bearer(&second)
                .if_match(&submitted["version"])
                .json(&json!({"comment": "Falta el presupuesto."}))
                .send(),
        )
        .await;
        let statuses = (approve.status.as_u16(), back.status.as_u16());
        let (made, refused) = match statuses {
            (200, 409 | 412) => {
                approved += 1;
                (approve, back)
            }
            (409 | 412, 200) => {
                returned += 1;
                (back, approve)
            }
            other => panic!(
                "round {round}: approve and return answered {other:?}: {} / {}",
                approve.text(),
                back.text()
            ),
        };
        assert_eq!(
            refused.header("content-type"),
            Some("application/problem+json")
        );
        let now = app.get(&item).bearer(&admin()).send().await.ok(200);
        assert_eq!(now["version"], made.json()["version"], "round {round}");
        assert_eq!(
            now["version"].as_i64().unwrap(),
            submitted["version"].as_i64().unwrap() + 1,
            "round {round}: one transition was made"
        );
    }
    eprintln!("approve against return: approved {approved}, returned {returned}");
}
