//! One project as an IATI 2.03 `iati-activity`, elements in the schema's sequence (see
//! `MAPPING.md`). What IATI has no element for travels in attributes of the `ssc`
//! namespace (IATI allows attributes of other namespaces everywhere), so that an import
//! gives the same record back.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use uuid::Uuid;

use crate::domain::documents::{DocumentLink, LocalisedText};
use crate::domain::money::{format_minor, parse_amount};
use crate::domain::projects::{Modality, ParticipantRole, Project};
use crate::domain::results::{Indicator, PeriodValue, ProjectResult};
use crate::domain::transactions::{Transaction, TransactionParty};
use crate::iati::{ReportingOrg, activity_identifier};

/// The namespace of the service's own attributes.
pub const SSC_NAMESPACE: &str = "urn:ssc-api:iati";

/// What the export needs of a participating organisation.
#[derive(Debug, Clone)]
pub struct OrganisationInfo {
    pub name: String,
    pub iati_identifier: Option<String>,
    pub organisation_type: String,
    pub country_code: Option<String>,
}

/// A project and what goes into its activity besides it.
pub struct ActivitySource<'a> {
    pub project: &'a Project,
    pub results: &'a [ProjectResult],
    /// The project's transactions (its part).
    pub transactions: &'a [Transaction],
    pub organisations: &'a HashMap<Uuid, OrganisationInfo>,
}

/// The document's opening: the XML declaration and `<iati-activities>`.
pub fn document_start(generated: DateTime<Utc>) -> Vec<u8> {
    let mut xml = Xml::new();
    xml.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    xml.raw("\n");
    let generated = rfc3339(generated);
    xml.start(
        "iati-activities",
        &[
            ("version", "2.03"),
            ("generated-datetime", &generated),
            ("xmlns:ssc", SSC_NAMESPACE),
        ],
    );
    xml.raw("\n");
    xml.into_bytes()
}

/// The document's closing tag.
pub fn document_end() -> &'static [u8] {
    b"</iati-activities>\n"
}

/// The `iati-activity` of `source` (`today`: commitments are never dated later).
pub fn activity(
    source: &ActivitySource<'_>,
    reporting: &ReportingOrg,
    today: NaiveDate,
) -> Vec<u8> {
    let project = source.project;
    let mut xml = Xml::new();
    xml.language = project.default_language.clone();
    let updated = rfc3339(project.meta.updated_at);
    let mut attributes = vec![
        ("last-updated-datetime", updated.as_str()),
        ("xml:lang", project.default_language.as_str()),
    ];
    if let Some(budget) = &project.budget {
        attributes.push(("default-currency", budget.currency.as_str()));
    }
    let approval = project.approval_date.map(|d| d.to_string());
    attributes.extend([
        ("ssc:modality", project.modality.as_str()),
        ("ssc:instrument", project.instrument.as_str()),
        ("ssc:visibility", project.visibility.as_str()),
    ]);
    if let Some(approval) = &approval {
        attributes.push(("ssc:approval-date", approval));
    }
    xml.start("iati-activity", &attributes);

    let identifier =
        activity_identifier(project.iati_identifier.as_deref(), &project.code, reporting);
    xml.text_element("iati-identifier", &[], &identifier);
    xml.start(
        "reporting-org",
        &[
            ("ref", &reporting.reference),
            ("type", &reporting.organisation_type),
        ],
    );
    xml.narrative(&project.default_language, &reporting.name);
    xml.end("reporting-org");
    xml.start("title", &[]);
    xml.narratives(&project.title);
    xml.end("title");
    descriptions(&mut xml, source);
    participating_orgs(&mut xml, source);
    other_identifiers(&mut xml, project, reporting);
    xml.empty("activity-status", &[("code", &project.status.to_string())]);
    for (kind, date) in [
        ("1", Some(project.planned_start)),
        ("2", project.actual_start),
        ("3", Some(project.planned_end)),
        ("4", project.actual_end),
    ] {
        if let Some(date) = date {
            xml.empty(
                "activity-date",
                &[("iso-date", &date.to_string()), ("type", kind)],
            );
        }
    }
    recipients_sectors_and_goals(&mut xml, project);
    xml.empty(
        "collaboration-type",
        &[("code", collaboration_type(project.modality))],
    );
    budgets(&mut xml, project);
    transactions(&mut xml, source, reporting, today);
    for link in &project.document_links {
        document_link(&mut xml, link);
    }
    for result in source.results {
        result_element(&mut xml, result);
    }
    xml.end("iati-activity");
    xml.raw("\n");
    xml.into_bytes()
}

/// The activity's descriptions: general (1), objectives (2) and the in-kind note (4).
fn descriptions(xml: &mut Xml, source: &ActivitySource<'_>) {
    let project = source.project;
    for (kind, text) in [("1", &project.description), ("2", &project.objectives)] {
        if let Some(text) = text {
            xml.start("description", &[("type", kind)]);
            xml.narratives(text);
            xml.end("description");
        }
    }
    if project.description.is_none() && project.objectives.is_none() {
        // IATI requires a description; the title stands in, marked so that the import
        // reads no description back (the round trip stays unchanged).
        xml.start("description", &[("type", "1"), ("ssc:repeats", "title")]);
        xml.narratives(&project.title);
        xml.end("description");
    }
    if let Some(text) = expert_days_text(source) {
        xml.start("description", &[("type", "4")]);
        xml.narrative(&project.default_language, &text);
        xml.end("description");
    }
}

/// Where the activity goes (countries, regions) and what it serves (sectors, SDGs).
fn recipients_sectors_and_goals(xml: &mut Xml, project: &Project) {
    for share in &project.recipient_countries {
        xml.empty(
            "recipient-country",
            &[
                ("code", &share.country_code),
                ("percentage", &share.percentage),
            ],
        );
    }
    for share in &project.recipient_regions {
        xml.empty(
            "recipient-region",
            &[
                ("code", &share.region_code),
                ("vocabulary", "1"),
                ("percentage", &share.percentage),
            ],
        );
    }
    for share in &project.sectors {
        xml.empty(
            "sector",
            &[
                ("vocabulary", "1"),
                ("code", &share.code),
                ("percentage", &share.percentage),
            ],
        );
    }
    for goal in &project.sdg_goals {
        xml.empty("tag", &[("vocabulary", "2"), ("code", &goal.to_string())]);
    }
    for target in &project.sdg_targets {
        xml.empty("tag", &[("vocabulary", "3"), ("code", target)]);
    }
}

/// IATI CollaborationType of a modality (IATI has no South-South code: regional
/// South-South cooperation is bilateral between the countries of its space).
pub fn collaboration_type(modality: Modality) -> &'static str {
    match modality {
        Modality::BilateralSsc | Modality::RegionalSsc => "1",
        Modality::Multilateral => "4",
        Modality::Triangular => "8",
    }
}

/// IATI OrganisationRole of a participant's role (the exact role rides in `ssc:role`).
pub fn organisation_role(role: ParticipantRole) -> &'static str {
    match role {
        ParticipantRole::Funding | ParticipantRole::SecondProvider => "1",
        ParticipantRole::Provider | ParticipantRole::FirstProvider => "3",
        ParticipantRole::Recipient | ParticipantRole::Both | ParticipantRole::Implementing => "4",
    }
}

fn participating_orgs(xml: &mut Xml, source: &ActivitySource<'_>) {
    let project = source.project;
    for participant in &project.participants {
        let organisation = source.organisations.get(&participant.organisation_id);
        let days = project
            .contributions
            .iter()
            .filter(|c| c.organisation_id == participant.organisation_id)
            .filter_map(|c| c.expert_days)
            .sum::<u32>();
        let days = days.to_string();
        let mut attributes = Vec::new();
        if let Some(reference) = organisation.and_then(|o| o.iati_identifier.as_deref()) {
            attributes.push(("ref", reference));
        }
        if let Some(organisation) = organisation {
            attributes.push(("type", organisation.organisation_type.as_str()));
        }
        attributes.push(("role", organisation_role(participant.role)));
        attributes.push(("ssc:role", participant.role.as_str()));
        if let Some(country) = organisation.and_then(|o| o.country_code.as_deref()) {
            attributes.push(("ssc:country", country));
        }
        if days != "0" {
            attributes.push(("ssc:expert-days", &days));
        }
        xml.start("participating-org", &attributes);
        if let Some(organisation) = organisation {
            xml.narrative(&project.default_language, &organisation.name);
        }
        xml.end("participating-org");
    }
}

fn other_identifiers(xml: &mut Xml, project: &Project, reporting: &ReportingOrg) {
    xml.start(
        "other-identifier",
        &[("ref", &project.code), ("type", "A1")],
    );
    xml.empty("owner-org", &[("ref", &reporting.reference)]);
    xml.end("other-identifier");
    for (kind, id) in [
        ("partnership", project.partnership_id),
        ("triangular-arrangement", project.triangular_arrangement_id),
    ] {
        if let Some(id) = id {
            let reference = format!("{kind}:{id}");
            xml.start("other-identifier", &[("ref", &reference), ("type", "A9")]);
            xml.empty("owner-org", &[("ref", &reporting.reference)]);
            xml.end("other-identifier");
        }
    }
}

/// Expert days have no IATI element: a description of type Other says them.
fn expert_days_text(source: &ActivitySource<'_>) -> Option<String> {
    let project = source.project;
    let parts: Vec<String> = project
        .contributions
        .iter()
        .filter_map(|c| {
            let days = c.expert_days.filter(|days| *days > 0)?;
            let name = source
                .organisations
                .get(&c.organisation_id)
                .map_or_else(|| c.organisation_id.to_string(), |o| o.name.clone());
            Some(format!("{name}: {days}"))
        })
        .collect();
    if parts.is_empty() {
        return None;
    }
    let label = match project.default_language.as_str() {
        "es" => "Días de experto (aporte en especie)",
        "pt" => "Dias de especialista (contribuição em espécie)",
        "fr" => "Jours d'expert (contribution en nature)",
        _ => "Expert days (in kind)",
    };
    Some(format!("{label}: {}.", parts.join("; ")))
}

/// The budget in periods of at most a year (IATI rule), shared by days; the last period
/// takes what rounding leaves, so the periods sum to the budget exactly.
fn budgets(xml: &mut Xml, project: &Project) {
    let Some(budget) = &project.budget else {
        return;
    };
    let Ok(total) = parse_amount(&budget.amount, &budget.currency) else {
        return;
    };
    let periods = budget_periods(project.planned_start, project.planned_end);
    let days_of = |(start, end): (NaiveDate, NaiveDate)| (end - start).num_days() as i128 + 1;
    let all_days: i128 = periods.iter().copied().map(days_of).sum();
    let mut left = total as i128;
    for (n, period) in periods.iter().copied().enumerate() {
        let share = if n + 1 == periods.len() {
            left
        } else {
            total as i128 * days_of(period) / all_days
        };
        left -= share;
        let start = period.0.to_string();
        xml.start("budget", &[("type", "1"), ("status", "1")]);
        xml.empty("period-start", &[("iso-date", &start)]);
        xml.empty("period-end", &[("iso-date", &period.1.to_string())]);
        xml.text_element(
            "value",
            &[("currency", &budget.currency), ("value-date", &start)],
            &format_minor(share, &budget.currency),
        );
        xml.end("budget");
    }
}

/// From `start` to `end` in periods of at most a year.
pub fn budget_periods(start: NaiveDate, end: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut periods = Vec::new();
    let mut from = start;
    while from <= end {
        let year_later = from
            .with_year(from.year() + 1)
            .unwrap_or_else(|| from + Days::new(365));
        let to = (year_later - Days::new(1)).min(end);
        periods.push((from, to));
        match to.succ_opt() {
            Some(next) => from = next,
            None => break,
        }
    }
    periods
}

/// Money contributions as commitments: the reporting organisation's own outgoing (2), a
/// co-funder's incoming (11), dated at approval (else the planned start), never later
/// than today.
fn transactions(
    xml: &mut Xml,
    source: &ActivitySource<'_>,
    reporting: &ReportingOrg,
    today: NaiveDate,
) {
    let project = source.project;
    let date = project
        .approval_date
        .unwrap_or(project.planned_start)
        .min(today)
        .to_string();
    for contribution in &project.contributions {
        let (Some(amount), Some(currency)) = (&contribution.amount, &contribution.currency) else {
            continue;
        };
        let organisation = source.organisations.get(&contribution.organisation_id);
        let reference = organisation.and_then(|o| o.iati_identifier.as_deref());
        let own = reference == Some(reporting.reference.as_str());
        xml.start("transaction", &[]);
        xml.empty(
            "transaction-type",
            &[("code", if own { "2" } else { "11" })],
        );
        xml.empty("transaction-date", &[("iso-date", &date)]);
        xml.text_element(
            "value",
            &[("currency", currency), ("value-date", &date)],
            amount,
        );
        let mut attributes = Vec::new();
        if let Some(reference) = reference {
            attributes.push(("ref", reference));
        }
        if let Some(organisation) = organisation {
            attributes.push(("type", organisation.organisation_type.as_str()));
        }
        if let Some(country) = organisation.and_then(|o| o.country_code.as_deref()) {
            attributes.push(("ssc:country", country));
        }
        xml.start("provider-org", &attributes);
        if let Some(organisation) = organisation {
            xml.narrative(&project.default_language, &organisation.name);
        }
        xml.end("provider-org");
        xml.end("transaction");
    }
    for transaction in source.transactions {
        recorded_transaction(xml, source, transaction);
    }
}

/// The `ssc:recorded` mark of a transaction of the project's transactions part, which
/// tells the import that a commitment (2, 11) is one of them and not a contribution.
pub const RECORDED: &str = "ssc:recorded";

/// A transaction of the project's transactions part, marked `ssc:recorded`; its
/// organisations by IATI identifier, type and name (as participants are).
fn recorded_transaction(xml: &mut Xml, source: &ActivitySource<'_>, transaction: &Transaction) {
    let date = transaction.date.to_string();
    xml.start("transaction", &[(RECORDED, "true")]);
    xml.empty(
        "transaction-type",
        &[(
            "code",
            &transaction.transaction_type.iati_code().to_string(),
        )],
    );
    xml.empty("transaction-date", &[("iso-date", &date)]);
    xml.text_element(
        "value",
        &[("currency", &transaction.currency), ("value-date", &date)],
        &transaction.value,
    );
    if let Some(description) = &transaction.description {
        xml.start("description", &[]);
        xml.narratives(description);
        xml.end("description");
    }
    for (element, party) in [
        ("provider-org", &transaction.provider),
        ("receiver-org", &transaction.receiver),
    ] {
        if let Some(party) = party {
            transaction_party(xml, source, element, party);
        }
    }
    xml.end("transaction");
}

fn transaction_party(
    xml: &mut Xml,
    source: &ActivitySource<'_>,
    element: &str,
    party: &TransactionParty,
) {
    let language = source.project.default_language.as_str();
    let organisation = party
        .organisation_id
        .and_then(|id| source.organisations.get(&id));
    let mut attributes = Vec::new();
    let reference = match organisation {
        Some(organisation) => organisation.iati_identifier.as_deref(),
        None => party.iati_identifier.as_deref(),
    };
    if let Some(reference) = reference {
        attributes.push(("ref", reference));
    }
    if let Some(organisation) = organisation {
        attributes.push(("type", organisation.organisation_type.as_str()));
    }
    xml.start(element, &attributes);
    match (organisation, &party.name) {
        (Some(organisation), _) => xml.narrative(language, &organisation.name),
        (None, Some(name)) => xml.narrative(language, name),
        (None, None) => {}
    }
    xml.end(element);
}

fn document_link(xml: &mut Xml, link: &DocumentLink) {
    xml.start(
        "document-link",
        &[("format", &link.format), ("url", &link.url)],
    );
    xml.start("title", &[]);
    xml.narratives(&link.title);
    xml.end("title");
    for category in &link.categories {
        xml.empty("category", &[("code", category)]);
    }
    for language in &link.languages {
        xml.empty("language", &[("code", language)]);
    }
    if let Some(date) = link.document_date {
        xml.empty("document-date", &[("iso-date", &date.to_string())]);
    }
    xml.end("document-link");
}

fn result_element(xml: &mut Xml, result: &ProjectResult) {
    let kind = result.result_type.to_string();
    let mut attributes = vec![("type", kind.as_str())];
    if let Some(aggregation) = result.aggregation_status {
        attributes.push(("aggregation-status", if aggregation { "1" } else { "0" }));
    }
    xml.start("result", &attributes);
    xml.start("title", &[]);
    xml.narratives(&result.title);
    xml.end("title");
    if let Some(description) = &result.description {
        xml.start("description", &[]);
        xml.narratives(description);
        xml.end("description");
    }
    for indicator in &result.indicators {
        indicator_element(xml, indicator);
    }
    xml.end("result");
}

fn indicator_element(xml: &mut Xml, indicator: &Indicator) {
    let measure = indicator.measure.to_string();
    xml.start(
        "indicator",
        &[
            ("measure", &measure),
            ("ascending", if indicator.ascending { "1" } else { "0" }),
        ],
    );
    xml.start("title", &[]);
    xml.narratives(&indicator.title);
    xml.end("title");
    if let Some(description) = &indicator.description {
        xml.start("description", &[]);
        xml.narratives(description);
        xml.end("description");
    }
    if let Some(baseline) = &indicator.baseline {
        let year = baseline.year.to_string();
        let date = baseline.date.map(|d| d.to_string());
        let mut attributes = vec![("year", year.as_str())];
        if let Some(date) = &date {
            attributes.push(("iso-date", date));
        }
        if let Some(value) = &baseline.value {
            attributes.push(("value", value));
        }
        xml.commented("baseline", &attributes, baseline.comment.as_ref());
    }
    for period in &indicator.periods {
        xml.start("period", &[]);
        xml.empty("period-start", &[("iso-date", &period.start.to_string())]);
        xml.empty("period-end", &[("iso-date", &period.end.to_string())]);
        for (name, value) in [("target", &period.target), ("actual", &period.actual)] {
            if let Some(value) = value {
                period_value(xml, name, value);
            }
        }
        xml.end("period");
    }
    xml.end("indicator");
}

fn period_value(xml: &mut Xml, name: &str, value: &PeriodValue) {
    let attributes: Vec<(&str, &str)> = value.value.iter().map(|v| ("value", v.as_str())).collect();
    xml.commented(name, &attributes, value.comment.as_ref());
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A thin layer over quick-xml's writer into memory (which cannot fail).
struct Xml {
    writer: Writer<Vec<u8>>,
    /// The activity's default language: its narratives come first.
    language: String,
}

impl Xml {
    fn new() -> Self {
        Xml {
            writer: Writer::new(Vec::with_capacity(4096)),
            language: String::new(),
        }
    }

    fn event(&mut self, event: Event<'_>) {
        self.writer
            .write_event(event)
            .expect("writing XML into memory cannot fail");
    }

    fn raw(&mut self, text: &str) {
        self.writer.get_mut().extend_from_slice(text.as_bytes());
    }

    fn start(&mut self, name: &str, attributes: &[(&str, &str)]) {
        let mut element = BytesStart::new(name);
        element.extend_attributes(attributes.iter().copied());
        self.event(Event::Start(element));
    }

    fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        let mut element = BytesStart::new(name);
        element.extend_attributes(attributes.iter().copied());
        self.event(Event::Empty(element));
    }

    fn end(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    fn text_element(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.start(name, attributes);
        self.event(Event::Text(BytesText::new(text)));
        self.end(name);
    }

    fn narrative(&mut self, language: &str, text: &str) {
        self.text_element("narrative", &[("xml:lang", language)], text);
    }

    /// A narrative per language, each with its `xml:lang`, the default language's first.
    fn narratives(&mut self, text: &LocalisedText) {
        let default = std::mem::take(&mut self.language);
        if let Some(value) = text.get(&default) {
            self.narrative(&default, value);
        }
        for (language, value) in text.iter().filter(|(language, _)| **language != default) {
            self.narrative(language, value);
        }
        self.language = default;
    }

    /// An element whose only possible child is a `comment` (baselines, targets,
    /// actuals): empty without one.
    fn commented(
        &mut self,
        name: &str,
        attributes: &[(&str, &str)],
        comment: Option<&LocalisedText>,
    ) {
        match comment {
            None => self.empty(name, attributes),
            Some(comment) => {
                self.start(name, attributes);
                self.start("comment", &[]);
                self.narratives(comment);
                self.end("comment");
                self.end(name);
            }
        }
    }

    fn into_bytes(self) -> Vec<u8> {
        self.writer.into_inner()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn budget_periods_last_at_most_a_year_and_cover_the_dates() {
        assert_eq!(
            budget_periods(day("2025-03-01"), day("2026-12-31")),
            [
                (day("2025-03-01"), day("2026-02-28")),
                (day("2026-03-01"), day("2026-12-31")),
            ]
        );
        assert_eq!(
            budget_periods(day("2024-02-29"), day("2024-02-29")),
            [(day("2024-02-29"), day("2024-02-29"))]
        );
        // From a leap day, a year later is 28 February.
        assert_eq!(
            budget_periods(day("2024-02-29"), day("2025-06-30"))[0],
            (day("2024-02-29"), day("2025-02-27"))
        );
    }

    #[test]
    fn every_role_and_modality_has_an_iati_code() {
        for role in ParticipantRole::ALL {
            assert!(["1", "2", "3", "4"].contains(&organisation_role(*role)));
        }
        for modality in Modality::ALL {
            assert!(["1", "4", "8"].contains(&collaboration_type(*modality)));
        }
    }
}
