//! Errors in the caller's language: `title`, `detail` and each error's `message` in
//! English, Spanish, Portuguese or French as `Accept-Language` asks (English when it asks
//! for none of them), with `Content-Language` and `Vary: Accept-Language`; `type`,
//! `status`, pointers and parameters the same in every language.

use serde_json::{Value, json};

use crate::fixtures::{PROJECTS, bilateral, cast};
use crate::support::{admin, spawn, token};
use ssc_api::auth::Role;

const ORGANISATIONS: &str = "/api/v1/organisations";

/// What each language's request sends, and the language it must get.
const LANGUAGES: [(Option<&str>, &str); 6] = [
    (None, "en"),
    (Some("es-AR,es;q=0.9,en;q=0.5"), "es"),
    (Some("pt-BR"), "pt"),
    (Some("fr-CA, en;q=0.3"), "fr"),
    (Some("de-DE, *;q=0.1"), "en"),
    (Some("ja"), "en"),
];

/// One refusal, asked in every language: its status, and per language its title, detail
/// and (if any) its errors' messages.
struct Case {
    name: &'static str,
    status: u16,
    en: (&'static str, String, Vec<&'static str>),
    es: (&'static str, String, Vec<&'static str>),
    pt: (&'static str, String, Vec<&'static str>),
    fr: (&'static str, String, Vec<&'static str>),
}

impl Case {
    fn expected(&self, language: &str) -> &(&'static str, String, Vec<&'static str>) {
        match language {
            "es" => &self.es,
            "pt" => &self.pt,
            "fr" => &self.fr,
            _ => &self.en,
        }
    }
}

/// The members that must not change with the language.
fn machine_members(problem: &Value) -> Value {
    let errors: Vec<Value> = problem["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| json!({"pointer": e["pointer"], "parameter": e["parameter"]}))
        .collect();
    json!({"type": problem["type"], "status": problem["status"], "errors": errors})
}

#[actix_web::test]
async fn every_family_of_error_speaks_the_callers_language() {
    let app = spawn().await;
    let admin = admin();
    let viewer = token(Role::Viewer, None);
    let organisation = app
        .create_organisation(json!({"name": "Agencia de Cooperación", "organisation_type": "10", "country_code": "AR"}))
        .await;
    let item = format!("{ORGANISATIONS}/{}", organisation["id"].as_str().unwrap());
    let missing = "0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8d";
    let cases = [
        Case {
            name: "401 without a token",
            status: 401,
            en: ("Authentication required", "this endpoint needs an `Authorization: Bearer <token>` header".into(), vec![]),
            es: ("Se requiere autenticación", "esta operación necesita un encabezado `Authorization: Bearer <token>`".into(), vec![]),
            pt: ("Autenticação necessária", "esta operação precisa de um cabeçalho `Authorization: Bearer <token>`".into(), vec![]),
            fr: ("Authentification requise", "cette opération nécessite un en-tête `Authorization: Bearer <token>`".into(), vec![]),
        },
        Case {
            name: "403 for a role",
            status: 403,
            en: ("Forbidden", "this operation needs the role admin; the token has viewer".into(), vec![]),
            es: ("Acceso denegado", "esta operación necesita el rol admin; el token tiene viewer".into(), vec![]),
            pt: ("Acesso negado", "esta operação precisa do papel admin; o token tem viewer".into(), vec![]),
            fr: ("Accès refusé", "cette opération nécessite le rôle admin ; le jeton a le rôle viewer".into(), vec![]),
        },
        Case {
            name: "404 for an id",
            status: 404,
            en: ("Not found", format!("no organisation with id {missing}"), vec![]),
            es: ("No encontrado", format!("no hay ninguna organización con el id {missing}"), vec![]),
            pt: ("Não encontrado", format!("não há nenhuma organização com o id {missing}"), vec![]),
            fr: ("Introuvable", format!("aucune organisation ne porte l'id {missing}"), vec![]),
        },
        Case {
            name: "412 for a stale version",
            status: 412,
            en: ("Precondition failed", "the record has changed since you read it: its current version is 1; read it again and reapply your change".into(), vec![]),
            es: ("La precondición falló", "el registro cambió desde que lo leyó: su versión actual es la 1; vuelva a leerlo y aplique de nuevo su cambio".into(), vec![]),
            pt: ("Falha na pré-condição", "o registro mudou desde que você o leu: a versão atual é a 1; leia-o de novo e reaplique sua alteração".into(), vec![]),
            fr: ("Échec de la précondition", "l'enregistrement a changé depuis votre lecture : sa version actuelle est la 1 ; relisez-le et appliquez de nouveau votre modification".into(), vec![]),
        },
        Case {
            name: "428 without If-Match",
            status: 428,
            en: ("Precondition required", "this write needs an If-Match header with the ETag of the version you read".into(), vec![]),
            es: ("Se requiere una precondición", "esta escritura necesita un encabezado If-Match con el ETag de la versión que leyó".into(), vec![]),
            pt: ("Pré-condição necessária", "esta escrita precisa de um cabeçalho If-Match com o ETag da versão que você leu".into(), vec![]),
            fr: ("Précondition requise", "cette écriture nécessite un en-tête If-Match portant l'ETag de la version que vous avez lue".into(), vec![]),
        },
        Case {
            name: "400 for a body of the wrong shape",
            status: 400,
            en: ("Bad request", "/name: expected text (a JSON string); got the number 5".into(), vec!["expected text (a JSON string); got the number 5"]),
            es: ("Solicitud incorrecta", "/name: se espera un texto (una cadena JSON); se recibió el número 5".into(), vec!["se espera un texto (una cadena JSON); se recibió el número 5"]),
            pt: ("Requisição inválida", "/name: espera-se um texto (uma string JSON); veio o número 5".into(), vec!["espera-se um texto (uma string JSON); veio o número 5"]),
            fr: ("Requête incorrecte", "/name : un texte (une chaîne JSON) est attendu ; reçu : le nombre 5".into(), vec!["un texte (une chaîne JSON) est attendu ; reçu : le nombre 5"]),
        },
        Case {
            name: "422 for broken rules",
            status: 422,
            en: ("Validation failed", "2 rules violated".into(), vec!["must be 1 to 50 characters long", "must be 1 to 300 characters long"]),
            es: ("La validación falló", "se infringen 2 reglas".into(), vec!["debe tener entre 1 y 50 caracteres", "debe tener entre 1 y 300 caracteres"]),
            pt: ("Falha na validação", "2 regras violadas".into(), vec!["deve ter de 1 a 50 caracteres", "deve ter de 1 a 300 caracteres"]),
            fr: ("Échec de la validation", "2 règles enfreintes".into(), vec!["doit compter de 1 à 50 caractères", "doit compter de 1 à 300 caractères"]),
        },
        Case {
            name: "400 for a parameter",
            status: 400,
            en: ("Bad request", "parameter `limit`: must be between 1 and 200".into(), vec!["must be between 1 and 200"]),
            es: ("Solicitud incorrecta", "parámetro `limit`: debe estar entre 1 y 200".into(), vec!["debe estar entre 1 y 200"]),
            pt: ("Requisição inválida", "parâmetro `limit`: deve estar entre 1 e 200".into(), vec!["deve estar entre 1 e 200"]),
            fr: ("Requête incorrecte", "paramètre `limit` : doit être compris entre 1 et 200".into(), vec!["doit être compris entre 1 et 200"]),
        },
    ];
    for case in &cases {
        let mut machine = None;
        for (accept, language) in LANGUAGES {
            let call = match case.status {
                401 => app.get(ORGANISATIONS),
                403 => app
                    .post(ORGANISATIONS)
                    .bearer(&viewer)
                    .json(&json!({"name": "X", "organisation_type": "10"})),
                404 => app
                    .get(&format!("{ORGANISATIONS}/{missing}"))
                    .bearer(&admin),
                412 => app
                    .patch(&item)
                    .bearer(&admin)
                    .header("If-Match", "\"7\"")
                    .json(&json!({"name": "Otra"})),
                428 => app
                    .patch(&item)
                    .bearer(&admin)
                    .json(&json!({"name": "Otra"})),
                422 => app
                    .post(ORGANISATIONS)
                    .bearer(&admin)
                    .json(&json!({"name": "", "acronym": "", "organisation_type": "10", "country_code": "AR"})),
                _ if case.name.contains("parameter") => {
                    app.get(&format!("{ORGANISATIONS}?limit=0")).bearer(&admin)
                }
                _ => app
                    .post(ORGANISATIONS)
                    .bearer(&admin)
                    .json(&json!({"name": 5, "organisation_type": "10"})),
            };
            let call = match accept {
                Some(accept) => call.header("Accept-Language", accept),
                None => call,
            };
            let reply = call.send().await;
            let problem = reply.problem(case.status);
            let (title, detail, messages) = case.expected(language);
            assert_eq!(
                problem["title"], *title,
                "{} in {language}: {problem}",
                case.name
            );
            assert_eq!(
                problem["detail"], *detail,
                "{} in {language}: {problem}",
                case.name
            );
            let listed: Vec<&str> = problem["errors"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|e| e["message"].as_str().unwrap())
                .collect();
            assert_eq!(listed, *messages, "{} in {language}", case.name);
            assert_eq!(
                reply.header("content-language"),
                Some(language),
                "{} in {language}",
                case.name
            );
            assert!(
                reply
                    .headers
                    .get_all("vary")
                    .any(|v| v.to_str().unwrap().contains("Accept-Language")),
                "{} in {language}: Vary names Accept-Language",
                case.name
            );
            let members = machine_members(&problem);
            match &machine {
                None => machine = Some(members),
                Some(first) => assert_eq!(&members, first, "{} in {language}", case.name),
            }
        }
    }
}

/// The header a client's library reads stays English and ASCII (RFC 6750), whatever the
/// language of the body.
#[actix_web::test]
async fn a_refused_token_is_explained_in_the_language_and_the_header_stays_english() {
    let app = spawn().await;
    let reply = app
        .get(ORGANISATIONS)
        .bearer(&format!("Bearer {}", admin()))
        .header("Accept-Language", "es")
        .send()
        .await;
    let problem = reply.problem(401);
    assert_eq!(
        problem["detail"],
        "el token empieza con un segundo \"Bearer \": envíe `Authorization: Bearer <token>` solo con el token (quite el prefijo de lo que pegó)"
    );
    let challenge = reply.header("www-authenticate").unwrap();
    assert!(
        challenge.contains("error_description=\"the token starts with a second"),
        "{challenge}"
    );
    let problem = app
        .get(ORGANISATIONS)
        .bearer("not-a-token")
        .header("Accept-Language", "fr")
        .send()
        .await
        .problem(401);
    assert_eq!(problem["detail"], "le jeton est mal formé");
}

/// An allowed value out of a list is offered with the language's "or"; an unknown route
/// and a missing member read in the language too.
#[actix_web::test]
async fn lists_and_missing_members_read_in_the_language() {
    let app = spawn().await;
    let viewer = token(Role::Viewer, None);
    let problem = app
        .post(PROJECTS)
        .bearer(&viewer)
        .header("Accept-Language", "pt-BR")
        .json(&json!({}))
        .send()
        .await
        .problem(403);
    assert_eq!(
        problem["detail"],
        "esta operação precisa de um dos papéis admin, coordinator ou partner; o token tem viewer"
    );
    let problem = app
        .post(ORGANISATIONS)
        .bearer(&admin())
        .header("Accept-Language", "es")
        .json(&json!({"name": "Sin tipo"}))
        .send()
        .await
        .problem(422);
    assert_eq!(
        problem["detail"],
        "se infringe 1 regla: /organisation_type: es obligatorio"
    );
    assert_eq!(problem["errors"][0]["pointer"], "/organisation_type");
    let problem = app
        .get("/api/v1/nowhere")
        .header("Accept-Language", "fr")
        .send()
        .await
        .problem(404);
    assert_eq!(problem["detail"], "aucune route pour /api/v1/nowhere");
    let problem = app
        .get("/api/v1/codelists/nada")
        .bearer(&viewer)
        .header("Accept-Language", "pt-BR")
        .send()
        .await
        .problem(404);
    assert_eq!(
        problem["detail"],
        "não há nenhuma lista de códigos chamada \"nada\"; GET /api/v1/codelists lista todas"
    );
}

/// A partner's refusals and the review workflow's, with the record's noun agreeing in
/// gender and number; statuses stay as the API writes them.
#[actix_web::test]
async fn partners_and_reviews_are_refused_in_the_language() {
    let app = spawn().await;
    let cast = cast(&app).await;
    let outsider = uuid::Uuid::now_v7();
    let partner = token(Role::Partner, Some(outsider));
    let problem = app
        .post(PROJECTS)
        .bearer(&partner)
        .header("Accept-Language", "es-AR")
        .json(&bilateral(&cast, "IDIOMA-1"))
        .send()
        .await
        .problem(403);
    assert_eq!(
        problem["detail"],
        format!("un socio solo crea proyectos en los que participa su organización ({outsider})")
    );
    let created = app
        .post(PROJECTS)
        .bearer(&admin())
        .json(&bilateral(&cast, "IDIOMA-2"))
        .send()
        .await
        .ok(201);
    let item = format!("{PROJECTS}/{}", created["id"].as_str().unwrap());
    assert_eq!(created["review_status"], "approved");
    let submit = |language: &'static str| {
        app.post(&format!("{item}/submit"))
            .bearer(&admin())
            .if_match(&created["version"])
            .header("Accept-Language", language)
            .body("application/json", "")
    };
    let expected = [
        (
            "en",
            "the project is approved: only a draft or returned one can be submitted; to ask for review of a change to it, write the change with ?review=requested",
        ),
        (
            "fr",
            "le projet est à l'état approved : seul un projet à l'état draft ou returned peut être soumis ; pour demander la revue d'une modification, écrivez la modification avec ?review=requested",
        ),
        (
            "pt-BR",
            "o projeto está no status approved: só um no status draft ou returned pode ser enviado para revisão; para pedir a revisão de uma alteração, escreva a alteração com ?review=requested",
        ),
    ];
    for (language, detail) in expected {
        let problem = submit(language).send().await.problem(409);
        assert_eq!(problem["detail"], detail, "{language}");
    }
    let mdryt = uuid::Uuid::parse_str(cast.mdryt.as_str().unwrap()).unwrap();
    let participant = token(Role::Partner, Some(mdryt));
    let problem = app
        .post(&format!("{item}/approve"))
        .bearer(&participant)
        .if_match(&created["version"])
        .header("Accept-Language", "es")
        .body("application/json", "")
        .send()
        .await
        .problem(403);
    assert_eq!(
        problem["detail"],
        "solo los coordinadores y los administradores aprueban un proyecto"
    );
}
