//! A triangular arrangement as a kind of record: its place in the registry, the rules
//! that need the database, and how it is stored.

use super::*;

impl RecordKind for ArrangementInput {
    const KIND: ResourceKind = ResourceKind::TriangularArrangement;
    type Derived = ArrangementTotals;
    type Meta = ReviewedMeta;

    fn derived(&self) -> ArrangementTotals {
        rules::role_totals(self)
    }

    fn shared_parts(&mut self) -> Option<SharedParts<'_>> {
        let input = self;
        Some(SharedParts {
            default_language: &input.default_language,
            texts: vec![
                LocalisedMember::required("/title", 300, &mut input.title),
                LocalisedMember::optional("/governance", 5_000, &mut input.governance),
            ],
            document_links: &mut input.document_links,
        })
    }

    fn check(&mut self, _today: NaiveDate) -> Violations {
        self.check_rules()
    }

    /// Parties exist; projects already under the arrangement keep their first providers,
    /// second providers and recipients among its parties in the same roles.
    fn check_references(
        &self,
        conn: &mut DbConnection,
        caller: &Caller,
        id: Option<Uuid>,
    ) -> Result<(), ApiError> {
        let input = self;
        let parties = listed("first_providers", &input.first_providers)
            .chain(listed("second_providers", &input.second_providers))
            .chain(listed("recipients", &input.recipients))
            .collect();
        let errors = unknown_organisations(conn, parties)?;
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        if let Some(id) = id {
            let roles = input.roles();
            let broken: Vec<(Uuid, String)> =
                project_store::participants_under_arrangement(conn, id)?
                    .into_iter()
                    .filter(|(_, _, participants)| {
                        participants.iter().any(|(org, role)| {
                            let role = ParticipantRole::parse(role);
                            matches!(
                                role,
                                Some(
                                    ParticipantRole::FirstProvider
                                        | ParticipantRole::SecondProvider
                                        | ParticipantRole::Recipient
                                )
                            ) && roles.get(org) != role.as_ref()
                        })
                    })
                    .map(|(project, code, _)| (project, code))
                    .collect();
            if !broken.is_empty() {
                // Name only the projects the caller may read.
                let mut named = Vec::new();
                for (project, code) in &broken {
                    if record::visible::<Project>(conn, caller, *project)? {
                        named.push(code.clone());
                    }
                }
                let hidden = broken.len() - named.len();
                let mut projects: Vec<crate::l10n::Text> =
                    named.into_iter().map(Into::into).collect();
                if hidden > 0 {
                    projects.push(crate::msg!("more-you-may-not-read", count = hidden).into());
                }
                return Err(ApiError::conflict(crate::msg!(
                    "arrangement-projects-would-not-match",
                    projects = crate::l10n::and_list(projects)
                )));
            }
        }
        Ok(())
    }
}

impl CooperationKind for ArrangementInput {
    type Table = Arrangements;
    type Filters = ArrangementFilters;

    fn visibility(&self) -> Visibility {
        self.visibility
    }

    fn participants(&self) -> Vec<Uuid> {
        let input = self;
        input
            .first_providers
            .iter()
            .chain(&input.second_providers)
            .chain(&input.recipients)
            .copied()
            .collect()
    }

    fn search_text(&self) -> String {
        search_text(all_texts([Some(&self.title), self.governance.as_ref()]))
    }

    fn row(record: &Record<Self>) -> Result<ArrangementRow, ApiError> {
        let parties = record
            .first_providers
            .iter()
            .map(|o| (*o, ParticipantRole::FirstProvider.as_str()))
            .chain(
                record
                    .second_providers
                    .iter()
                    .map(|o| (*o, ParticipantRole::SecondProvider.as_str())),
            )
            .chain(
                record
                    .recipients
                    .iter()
                    .map(|o| (*o, ParticipantRole::Recipient.as_str())),
            )
            .collect();
        Ok(ArrangementRow {
            columns: ArrangementColumns {
                title: text_in(&record.title, &record.default_language).to_owned(),
                agreement_kind: record.agreement_kind.as_str(),
                signed_on: record.signed_on,
                valid_from: record.valid_from,
                valid_until: record.valid_until,
                status: record.status.as_str(),
            },
            parties,
            costs: contribution_rows(&record.cost_sharing)?,
        })
    }
}
