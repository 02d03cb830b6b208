//! A partnership as a kind of record: its place in the registry, the rules that need the
//! database, and how it is stored.

use super::*;

impl RecordKind for PartnershipInput {
    const KIND: ResourceKind = ResourceKind::Partnership;
    type Derived = NoDerived;
    type Meta = ReviewedMeta;

    fn shared_parts(&mut self) -> Option<SharedParts<'_>> {
        let input = self;
        Some(SharedParts {
            default_language: &input.default_language,
            texts: vec![
                LocalisedMember::required("/title", 300, &mut input.title),
                LocalisedMember::optional("/description", 20_000, &mut input.description),
            ],
            document_links: &mut input.document_links,
        })
    }

    fn check(&mut self, _today: NaiveDate) -> Violations {
        self.check_rules()
    }

    /// Parties exist; a bilateral partnership joins exactly two countries; the parties of
    /// a regional or inter-regional one are members of its space at the reference date;
    /// a multilateral one includes a multilateral organisation.
    fn check_references(
        &self,
        conn: &mut DbConnection,
        _caller: &Caller,
        _id: Option<Uuid>,
    ) -> Result<(), ApiError> {
        let input = self;
        let profiles = org_store::profiles(conn, input.parties.iter().map(|p| p.organisation_id))?;
        let mut errors = Vec::new();
        for (i, party) in input.parties.iter().enumerate() {
            if !profiles.contains_key(&party.organisation_id) {
                errors.push(FieldError::at(
                    format!("/parties/{i}/organisation_id"),
                    crate::msg!(
                        "not-found-with-id",
                        kind = crate::l10n::noun("organisation"),
                        id = party.organisation_id.to_string()
                    ),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let country = |id: &Uuid| profiles[id].country_code.clone();
        match input.scope {
            PartnershipScope::Bilateral => {
                for (i, party) in input.parties.iter().enumerate() {
                    if country(&party.organisation_id).is_none() {
                        errors.push(FieldError::at(
                            format!("/parties/{i}/organisation_id"),
                            crate::msg!("bilateral-party-without-country"),
                        ));
                    }
                }
                let countries: HashSet<String> = input
                    .parties
                    .iter()
                    .filter_map(|p| country(&p.organisation_id))
                    .collect();
                if errors.is_empty() && countries.len() != 2 {
                    errors.push(FieldError::at(
                        "/parties",
                        crate::msg!("bilateral-two-countries", count = countries.len()),
                    ));
                }
            }
            PartnershipScope::Regional | PartnershipScope::Interregional => {
                if let Some(space) = input.space.as_deref().and_then(integration_space) {
                    let on = reference_date(input, Utc::now().date_naive());
                    for (i, party) in input.parties.iter().enumerate() {
                        if let Some(code) = country(&party.organisation_id)
                            && !space.has_member_on(&code, on)
                        {
                            errors.push(FieldError::at(
                                format!("/parties/{i}/organisation_id"),
                                crate::msg!(
                                    "space-member-on",
                                    country = code.as_str(),
                                    space = space.code.to_string(),
                                    date = on.to_string()
                                ),
                            ));
                        }
                    }
                }
            }
            PartnershipScope::Multilateral => {
                if !input.parties.iter().any(|p| {
                    profiles[&p.organisation_id].organisation_type == MULTILATERAL_ORGANISATION_TYPE
                }) {
                    errors.push(FieldError::at(
                        "/parties",
                        crate::msg!("multilateral-needs-multilateral"),
                    ));
                }
            }
        }
        ApiError::unless_violated(errors)
    }
}

impl CooperationKind for PartnershipInput {
    type Table = Partnerships;
    type Filters = PartnershipFilters;

    fn visibility(&self) -> Visibility {
        self.visibility
    }

    fn participants(&self) -> Vec<Uuid> {
        let input = self;
        input.parties.iter().map(|p| p.organisation_id).collect()
    }

    fn search_text(&self) -> String {
        search_text(all_texts([Some(&self.title), self.description.as_ref()]))
    }

    fn row(record: &Record<Self>) -> Result<PartnershipRow, ApiError> {
        Ok(PartnershipRow {
            columns: PartnershipColumns {
                title: text_in(&record.title, &record.default_language).to_owned(),
                scope: record.scope.as_str(),
                space: record.space.clone(),
                instrument: record.instrument.as_str(),
                signed_on: record.signed_on,
                valid_from: record.valid_from,
                valid_until: record.valid_until,
                status: record.status.as_str(),
            },
            parties: record
                .parties
                .iter()
                .map(|p| (p.organisation_id, p.role.as_str()))
                .collect(),
            sectors: record.sectors.clone(),
        })
    }
}
