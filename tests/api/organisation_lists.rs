//! The organisation list: ordering, keyset pagination, filters and bad parameters.

use std::collections::HashSet;

use serde_json::{Value, json};

use crate::support::{admin, spawn};

const ORGS: &str = "/api/v1/organisations";

/// Follow `next_cursor` from the page at `url` (which takes a `cursor` parameter after
/// `url`'s own) to the end; return every item's name.
async fn all_pages<S, B>(
    app: &crate::support::TestApp<S>,
    url: &str,
    cursor: Option<&str>,
) -> Vec<String>
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let mut names = Vec::new();
    let mut cursor = cursor.map(str::to_owned);
    loop {
        let page_url = match &cursor {
            Some(c) => format!("{url}&cursor={c}"),
            None => url.to_owned(),
        };
        let page = app.get(&page_url).bearer(&admin()).send().await.ok(200);
        names.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["name"].as_str().unwrap().to_owned()),
        );
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return names,
        }
    }
}

#[actix_web::test]
async fn pages_cover_every_organisation_once_in_name_order() {
    let app = spawn().await;
    // Same folded names on purpose: ties are broken by id.
    let names = ["Ñandú", "alfa", "Álamo", "beta", "Beta", "gamma", "delta"];
    for name in names {
        app.organisation(name).await;
    }
    let listed = all_pages(&app, &format!("{ORGS}?limit=3"), None).await;
    assert_eq!(listed.len(), names.len());
    assert_eq!(
        listed.iter().collect::<HashSet<_>>().len(),
        names.len(),
        "no duplicates"
    );
    let folded: Vec<String> = listed.iter().map(|n| ssc_api::text::fold(n)).collect();
    let mut sorted = folded.clone();
    sorted.sort();
    assert_eq!(folded, sorted, "ordered by folded name");
    assert_eq!(&listed[..2], ["Álamo", "alfa"]);

    // A page boundary survives an insert before and after the cursor.
    let first = app
        .get(&format!("{ORGS}?limit=3"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    app.organisation("aaa (before the cursor)").await;
    app.organisation("zzz (after the cursor)").await;
    let cursor = first["next_cursor"].as_str().unwrap();
    let rest = all_pages(&app, &format!("{ORGS}?limit=3"), Some(cursor)).await;
    let mut seen: Vec<String> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_owned())
        .collect();
    seen.extend(rest);
    for name in names {
        assert_eq!(
            seen.iter().filter(|n| *n == name).count(),
            1,
            "{name} exactly once"
        );
    }
    assert!(seen.contains(&"zzz (after the cursor)".to_owned()));
}

#[actix_web::test]
async fn filters_by_type_country_and_text() {
    let app = spawn().await;
    app.create_organisation(json!({"name": "Instituto Nacional de Tecnología Agropecuaria", "acronym": "INTA", "organisation_type": "10", "country_code": "AR"})).await;
    app.create_organisation(json!({"name": "Ministerio de Agricultura y Ganadería", "acronym": "MAG", "organisation_type": "10", "country_code": "PY"})).await;
    app.create_organisation(json!({"name": "Food and Agriculture Organization", "acronym": "FAO", "organisation_type": "40", "iati_identifier": "XM-DAC-41301"})).await;
    app.create_organisation(json!({"name": "Universidad de Buenos Aires", "organisation_type": "80", "country_code": "AR"})).await;

    let names = |page: Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["acronym"].as_str().unwrap_or("-").to_owned())
            .collect()
    };
    let get = |query: &'static str| app.get(&format!("{ORGS}?{query}")).bearer(&admin()).send();
    assert_eq!(names(get("country=AR").await.ok(200)), ["INTA", "-"]);
    assert_eq!(names(get("organisation_type=40").await.ok(200)), ["FAO"]);
    assert_eq!(
        names(get("organisation_type=10&country=PY").await.ok(200)),
        ["MAG"]
    );
    assert_eq!(
        names(get("q=TECNOLOGIA").await.ok(200)),
        ["INTA"],
        "case and accents ignored"
    );
    assert_eq!(names(get("q=agricult").await.ok(200)), ["FAO", "MAG"]);
    assert_eq!(
        names(get("q=xm-dac-41301").await.ok(200)),
        ["FAO"],
        "searches the IATI identifier"
    );
    assert_eq!(
        names(get("q=inta").await.ok(200)),
        ["INTA"],
        "searches the acronym"
    );
    assert!(
        names(get("q=%25").await.ok(200)).is_empty(),
        "LIKE wildcards are literal"
    );
    assert!(names(get("country=BO").await.ok(200)).is_empty());
}

#[actix_web::test]
async fn bad_list_parameters_are_400_or_422_naming_the_parameter() {
    let app = spawn().await;
    let cases = [
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("limit=ten", "limit"),
        ("limit=-1", "limit"),
        ("cursor=garbage", "cursor"),
        ("country=", "country"),
        ("country=ar", "country"),
        ("organisation_type=1", "organisation_type"),
        ("contry=AR", "contry"),
        ("limit=1&limit=2", "limit"),
    ];
    for (query, parameter) in cases {
        let response = app
            .get(&format!("{ORGS}?{query}"))
            .bearer(&admin())
            .send()
            .await;
        let problem = response.problem(400);
        assert_eq!(
            problem["errors"][0]["parameter"], parameter,
            "{query}: {problem}"
        );
        assert!(
            problem["detail"].as_str().unwrap().contains(parameter),
            "{problem}"
        );
    }
    // Well-formed codes that are in no codelist cannot be processed.
    for (query, parameter) in [
        ("country=ZZ", "country"),
        ("organisation_type=99", "organisation_type"),
    ] {
        let problem = app
            .get(&format!("{ORGS}?{query}"))
            .bearer(&admin())
            .send()
            .await
            .problem(422);
        assert_eq!(problem["errors"][0]["parameter"], parameter, "{query}");
    }
    // A cursor from another list is refused.
    let org = app.organisation("Ministerio").await;
    let history = format!("{ORGS}/{}/history", org["id"].as_str().unwrap());
    app.organisation("Otro").await;
    let page = app
        .get(&format!("{ORGS}?limit=1"))
        .bearer(&admin())
        .send()
        .await
        .ok(200);
    let foreign = page["next_cursor"].as_str().unwrap();
    let problem = app
        .get(&format!("{history}?cursor={foreign}"))
        .bearer(&admin())
        .send()
        .await
        .problem(422);
    assert_eq!(problem["errors"][0]["parameter"], "cursor");
}
