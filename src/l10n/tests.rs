use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;

use super::Language::{self, *};
use super::*;

/// Each message of a language's catalogue with the arguments it reads (less those only
/// a language's grammar needs: a noun's gender and plural, a list's initial sound) and
/// its attributes.
type Entries = BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>;

fn entries(language: Language) -> Entries {
    let mut entries = Entries::new();
    for (_, source) in catalogue_sources().filter(|(l, _)| *l == language) {
        let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(_, errors)| {
            panic!(
                "the {} catalogue does not parse: {errors:?}",
                language.tag()
            )
        });
        for entry in resource.body {
            if let ast::Entry::Message(message) = entry {
                let mut arguments = BTreeSet::new();
                if let Some(pattern) = &message.value {
                    pattern_arguments(pattern, &mut arguments);
                }
                arguments.retain(|a| {
                    !(a.ends_with("_gender") || a.ends_with("_plural") || a == "sound")
                });
                let attributes = message
                    .attributes
                    .iter()
                    .map(|a| a.id.name.to_owned())
                    .collect();
                let previous = entries.insert(message.id.name.to_owned(), (arguments, attributes));
                assert!(
                    previous.is_none(),
                    "{} repeats {}",
                    language.tag(),
                    message.id.name
                );
            }
        }
    }
    entries
}

fn pattern_arguments(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_arguments(expression, out);
        }
    }
}

fn expression_arguments(expression: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_arguments(selector, out);
            for variant in variants {
                pattern_arguments(&variant.value, out);
            }
        }
        ast::Expression::Inline(inline) => inline_arguments(inline, out),
    }
}

fn inline_arguments(inline: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        ast::InlineExpression::Placeable { expression } => expression_arguments(expression, out),
        _ => {}
    }
}

#[test]
fn every_language_has_every_message_with_the_same_arguments() {
    let english = entries(En);
    assert!(english.len() > 100, "{} messages", english.len());
    for language in [Es, Pt, Fr] {
        let other = entries(language);
        let missing: Vec<_> = english.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<_> = other.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{}: missing {missing:?}, not in English {extra:?}",
            language.tag()
        );
        for (key, (arguments, attributes)) in &english {
            assert_eq!(
                &other[key],
                &(arguments.clone(), attributes.clone()),
                "{} {key}: arguments and attributes differ from English",
                language.tag()
            );
        }
    }
}

/// Every message the code names (`msg!(…)`, `Message::new(…)`, a noun, a code's noun, a
/// title) is in the catalogue.
#[test]
fn every_message_the_code_names_is_in_the_catalogue() {
    let named = regex::Regex::new(
        r#"(?:msg!\(\s*|Message::new\()"([a-z0-9-]+)"|"((?:noun|code)-[a-z0-9-]+)""#,
    )
    .expect("a regex");
    let mut keys = BTreeSet::new();
    for (_, source) in sources() {
        keys.extend(
            named
                .captures_iter(&source)
                .filter_map(|c| c.get(1).or_else(|| c.get(2)))
                .map(|m| m.as_str().to_owned()),
        );
    }
    keys.extend(crate::error::Problem::all().map(|p| p.title_key().to_owned()));
    assert!(keys.len() > 80, "{} keys found", keys.len());
    let missing: Vec<_> = keys.iter().filter(|k| !has_message(En, k)).collect();
    assert!(missing.is_empty(), "not in the catalogue: {missing:?}");
}

/// The Rust sources of the crate, each with its path.
fn sources() -> Vec<(std::path::PathBuf, String)> {
    let mut found = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let source = std::fs::read_to_string(&path).unwrap();
            found.push((path, source));
        }
    }
    found
}

/// Each call of `msg!` in `source` (a key, then `name = value` pairs): its key and the
/// names it gives (at the macro's own depth, outside string literals).
fn msg_calls(source: &str) -> Vec<(String, BTreeSet<String>)> {
    let mut calls = Vec::new();
    let mut rest = source;
    while let Some(start) = rest.find("msg!(") {
        rest = &rest[start + "msg!(".len()..];
        let trimmed = rest.trim_start();
        let Some(after_quote) = trimmed.strip_prefix('"') else {
            continue; // the macro's own definition
        };
        let Some(end) = after_quote.find('"') else {
            break;
        };
        let key = after_quote[..end].to_owned();
        let mut names = BTreeSet::new();
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        let mut token = String::new();
        let mut at_argument_start = false;
        for c in after_quote[end + 1..].chars() {
            if in_string {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => in_string = true,
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth == 0 => break,
                ')' | ']' | '}' => depth -= 1,
                ',' if depth == 0 => {
                    at_argument_start = true;
                    token.clear();
                    continue;
                }
                '=' if depth == 0 && at_argument_start => {
                    names.insert(token.trim().to_owned());
                    at_argument_start = false;
                }
                _ if at_argument_start => token.push(c),
                _ => {}
            }
        }
        calls.push((key, names));
    }
    calls
}

/// The arguments a message reads in `language`, a noun's `_plural` and `_gender` counted
/// as the noun (the code gives the noun; the catalogue reads its forms).
fn message_arguments(language: Language) -> BTreeMap<String, BTreeSet<String>> {
    let mut arguments = BTreeMap::new();
    for (_, source) in catalogue_sources().filter(|(l, _)| *l == language) {
        let resource = fluent_syntax::parser::parse(source).expect("parses");
        for entry in resource.body {
            if let ast::Entry::Message(message) = entry {
                let mut read = BTreeSet::new();
                if let Some(pattern) = &message.value {
                    pattern_arguments(pattern, &mut read);
                }
                let read = read
                    .into_iter()
                    .filter(|a| a != "sound")
                    .map(|a| {
                        a.strip_suffix("_plural")
                            .or_else(|| a.strip_suffix("_gender"))
                            .map_or(a.clone(), str::to_owned)
                    })
                    .collect();
                arguments.insert(message.id.name.to_owned(), read);
            }
        }
    }
    arguments
}

/// Every `msg!` of the code gives exactly the arguments its message reads, in every
/// language: none missing (Fluent would print its name), none ignored (a value the
/// reader never sees, or a typo).
#[test]
fn every_message_the_code_names_gets_the_arguments_it_reads() {
    let catalogues: Vec<_> = Language::ALL
        .into_iter()
        .map(|l| (l, message_arguments(l)))
        .collect();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (path, source) in sources() {
        for (key, given) in msg_calls(&source) {
            for (language, arguments) in &catalogues {
                let Some(read) = arguments.get(&key) else {
                    continue; // every_message_the_code_names_is_in_the_catalogue says so
                };
                if *read != given {
                    wrong.push(format!(
                        "{} {}: {key} reads {read:?}, the code gives {given:?}",
                        path.display(),
                        language.tag()
                    ));
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 300, "{checked} msg! calls found");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn counts_follow_each_languages_plural_rules() {
    let problems = |n: i64, language| counted(n, "noun-problem").render(language);
    assert_eq!(problems(1, En), "1 problem");
    assert_eq!(problems(0, En), "0 problems");
    assert_eq!(problems(3, En), "3 problems");
    assert_eq!(problems(1, Es), "1 problema");
    assert_eq!(problems(0, Es), "0 problemas");
    assert_eq!(problems(21, Es), "21 problemas");
    // French: 0 and 1 are singular.
    assert_eq!(problems(0, Fr), "0 problème");
    assert_eq!(problems(1, Fr), "1 problème");
    assert_eq!(problems(2, Fr), "2 problèmes");
    // Brazilian Portuguese writes "0 problemas", whatever CLDR's category for 0.
    assert_eq!(problems(0, Pt), "0 problemas");
    assert_eq!(problems(1, Pt), "1 problema");
    assert_eq!(problems(2, Pt), "2 problemas");
    let rules = |n: i64, language| msg!("violations-many", count = n).render(language);
    assert_eq!(rules(2, Es), "se infringen 2 reglas");
    assert_eq!(rules(2, Fr), "2 règles enfreintes");
}

#[test]
fn lists_are_joined_as_each_language_writes_them() {
    let roles = |items: &[&str], language| {
        msg!(
            "needs-one-of-roles",
            roles = or_list(items.iter().copied()),
            has = "viewer"
        )
        .render(language)
    };
    assert_eq!(
        roles(&["admin", "coordinator", "partner"], En),
        "this operation needs one of the roles admin, coordinator or partner; the token has viewer"
    );
    assert_eq!(
        roles(&["admin", "coordinator", "partner"], Es),
        "esta operación necesita uno de los roles admin, coordinator o partner; el token tiene viewer"
    );
    assert_eq!(
        roles(&["admin", "observer"], Es),
        "esta operación necesita uno de los roles admin u observer; el token tiene viewer"
    );
    assert_eq!(
        roles(&["admin", "coordinator", "partner"], Pt),
        "esta operação precisa de um dos papéis admin, coordinator ou partner; o token tem viewer"
    );
    assert_eq!(
        roles(&["admin", "coordinator"], Fr),
        "cette opération nécessite l'un des rôles admin ou coordinator ; le jeton a le rôle viewer"
    );
    let and = |items: &[&str], language| {
        super::catalogue_list_for_tests(language, Conjunction::And, items)
    };
    assert_eq!(and(&["a", "b", "c"], En), "a, b and c");
    assert_eq!(and(&["a", "b", "c"], Es), "a, b y c");
    assert_eq!(
        and(&["agricultura", "industria"], Es),
        "agricultura e industria"
    );
    assert_eq!(and(&["agua", "hielo"], Es), "agua y hielo");
    assert_eq!(and(&["a", "b", "c"], Pt), "a, b e c");
    assert_eq!(and(&["a", "b", "c"], Fr), "a, b et c");
    assert_eq!(and(&["a"], Fr), "a");
    assert_eq!(and(&[], Fr), "");
    // A message the catalogue lacks renders as its key (and is logged).
    assert_eq!(
        Message::new(concat!("no-such", "-message")).render(Fr),
        "no-such-message"
    );
}

#[test]
fn nouns_agree_in_gender() {
    let id = "0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8d";
    let not_found = |noun, language| {
        msg!("not-found-with-id", kind = super::noun(noun), id = id).render(language)
    };
    assert_eq!(not_found("project", En), format!("no project with id {id}"));
    assert_eq!(
        not_found("project", Es),
        format!("no hay ningún proyecto con el id {id}")
    );
    assert_eq!(
        not_found("organisation", Es),
        format!("no hay ninguna organización con el id {id}")
    );
    assert_eq!(
        not_found("partnership", Pt),
        format!("não há nenhuma parceria com o id {id}")
    );
    assert_eq!(
        not_found("capacity", Fr),
        format!("aucune capacité ne porte l'id {id}")
    );
    // French elides the definite article before a vowel, whatever the gender.
    assert_eq!(
        not_found("organisation", Fr),
        format!("aucune organisation ne porte l'id {id}")
    );
    let cannot_submit = |noun| {
        msg!(
            "review-cannot-submit",
            kind = super::noun(noun),
            current = "approved",
            from = "draft"
        )
        .render(Fr)
    };
    assert_eq!(
        cannot_submit("policy exchange"),
        "l'échange de politiques est à l'état approved : seul un échange de politiques à l'état draft peut être soumis"
    );
    assert_eq!(
        cannot_submit("organisation"),
        "l'organisation est à l'état approved : seule une organisation à l'état draft peut être soumise"
    );
    assert_eq!(
        cannot_submit("capacity"),
        "la capacité est à l'état approved : seule une capacité à l'état draft peut être soumise"
    );
    assert_eq!(
        cannot_submit("project"),
        "le projet est à l'état approved : seul un projet à l'état draft peut être soumis"
    );
    // A kind the catalogue does not have yet keeps its English noun.
    assert_eq!(
        not_found("survey", Es),
        format!("no hay ningún survey con el id {id}")
    );
}

#[test]
fn plain_text_stays_as_it_is_and_serialises_in_english() {
    let plain = Text::from("as written");
    for language in Language::ALL {
        assert_eq!(plain.render(language), "as written");
    }
    let message: Text = msg!("field-required").into();
    assert_eq!(message.render(Es), "es obligatorio");
    assert_eq!(serde_json::to_value(&message).unwrap(), "is required");
    assert_eq!(message.to_string(), "is required");
}

#[test]
fn accept_language_picks_by_quality_then_order() {
    let pick = Language::from_accept_language;
    assert_eq!(pick("es-AR"), Some(Es));
    assert_eq!(pick("pt-BR, en;q=0.5"), Some(Pt));
    assert_eq!(pick("fr-CA"), Some(Fr));
    assert_eq!(pick("de, fr;q=0.4, en;q=0.6"), Some(En));
    assert_eq!(pick("de, fr;q=0.4"), Some(Fr));
    assert_eq!(pick("FR-ca, es"), Some(Fr));
    assert_eq!(pick("es;q=0, fr;q=0.1"), Some(Fr));
    assert_eq!(pick("es_AR"), Some(Es));
    assert_eq!(pick("*"), Some(En));
    assert_eq!(pick("*;q=0.5, es"), Some(Es));
    assert_eq!(pick("de"), None);
    assert_eq!(pick("en;q=abc, pt"), Some(Pt));
    assert_eq!(pick("es;q=NaN"), None);
    assert_eq!(pick(""), None);
    assert_eq!(pick(&"de,".repeat(10_000)), None);
}

#[test]
fn titles_exist_in_every_language() {
    for problem in crate::error::Problem::all() {
        let titles: BTreeSet<String> = Language::ALL.iter().map(|l| problem.title_in(*l)).collect();
        assert!(
            titles.iter().all(|t| !t.starts_with("problem-")),
            "{titles:?}"
        );
    }
    assert_eq!(
        crate::error::Problem::NotFound.title_in(Es),
        "No encontrado"
    );
}
