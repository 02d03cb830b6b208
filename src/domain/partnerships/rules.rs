//! The rules of a partnership that need no database.

use super::*;
use crate::msg;

/// The date at which a partnership's rules about time (membership of a space) apply:
/// its signature, else its start of validity, else today.
pub fn reference_date(input: &PartnershipInput, today: NaiveDate) -> NaiveDate {
    input.signed_on.or(input.valid_from).unwrap_or(today)
}

/// Check agreement dates and status (shared with triangular arrangements).
pub fn check_agreement_dates(
    v: &mut Violations,
    status: AgreementStatus,
    signed_on: Option<NaiveDate>,
    valid_from: Option<NaiveDate>,
    valid_until: Option<NaiveDate>,
) {
    v.dates(&[
        ("/signed_on", signed_on),
        ("/valid_from", valid_from),
        ("/valid_until", valid_until),
    ]);
    if let (Some(from), Some(until)) = (valid_from, valid_until)
        && from > until
    {
        v.add(
            "/valid_until",
            msg!("date-not-before", start = "valid_from"),
        );
    }
    if status != AgreementStatus::Draft && signed_on.is_none() {
        v.add(
            "/signed_on",
            msg!("agreement-needs-signature", status = status.to_string()),
        );
    }
}

impl PartnershipInput {
    pub(super) fn check_rules(&mut self) -> Violations {
        let mut v = Violations::of(self);
        if self.parties.is_empty() {
            v.add("/parties", msg!("partnership-needs-party"));
        }
        let mut seen = HashSet::new();
        for (i, party) in self.parties.iter().enumerate() {
            if !seen.insert((party.organisation_id, party.role)) {
                v.add(
                    format!("/parties/{i}"),
                    msg!(
                        "participant-listed-twice",
                        organisation = party.organisation_id.to_string(),
                        role = party.role.to_string()
                    ),
                );
            }
        }
        match (self.scope, &self.space) {
            (PartnershipScope::Regional | PartnershipScope::Interregional, None) => {
                v.add(
                    "/space",
                    msg!("partnership-needs-space", scope = self.scope.to_string()),
                );
            }
            (PartnershipScope::Regional | PartnershipScope::Interregional, Some(code)) => {
                let expected = if self.scope == PartnershipScope::Regional {
                    SpaceKind::Regional
                } else {
                    SpaceKind::Interregional
                };
                match integration_space(code) {
                    None => v.add("/space", msg!("space-unknown", code = format!("{code:?}"))),
                    Some(space) if space.kind != expected => v.add(
                        "/space",
                        msg!(
                            "space-of-other-scope",
                            code = code,
                            kind = if space.kind == SpaceKind::Regional {
                                "regional"
                            } else {
                                "interregional"
                            },
                            scope = self.scope.to_string()
                        ),
                    ),
                    Some(_) => {}
                }
            }
            (_, Some(_)) => v.add(
                "/space",
                msg!("partnership-without-space", scope = self.scope.to_string()),
            ),
            (_, None) => {}
        }
        let mut sectors = HashSet::new();
        for (i, code) in self.sectors.iter().enumerate() {
            let known = match code.len() {
                3 => codelists::sector_categories().active(code, "DAC sector category"),
                _ => codelists::sectors().active(code, "DAC sector"),
            };
            if let Err(message) = known {
                v.add(format!("/sectors/{i}"), message);
            }
            if !sectors.insert(code) {
                v.add(
                    format!("/sectors/{i}"),
                    msg!("code-listed-twice", code = code),
                );
            }
        }
        check_agreement_dates(
            &mut v,
            self.status,
            self.signed_on,
            self.valid_from,
            self.valid_until,
        );
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::list_query::ListFilters;

    fn valid() -> PartnershipInput {
        PartnershipInput {
            default_language: crate::domain::documents::default_language(),
            document_links: Vec::new(),
            title: crate::domain::documents::es("  Comisión Mixta Argentina-Bolivia "),
            scope: PartnershipScope::Bilateral,
            space: None,
            parties: vec![
                Party {
                    organisation_id: Uuid::now_v7(),
                    role: PartyRole::Party,
                },
                Party {
                    organisation_id: Uuid::now_v7(),
                    role: PartyRole::Party,
                },
            ],
            instrument: AgreementInstrument::JointCommissionMinutes,
            signed_on: NaiveDate::from_ymd_opt(2023, 9, 1),
            valid_from: NaiveDate::from_ymd_opt(2023, 9, 1),
            valid_until: NaiveDate::from_ymd_opt(2025, 8, 31),
            status: AgreementStatus::Active,
            sectors: vec!["311".into(), "31166".into()],
            description: Some(crate::domain::documents::es(" Programa 2023-2025\n")),
            visibility: Visibility::Public,
        }
    }

    fn violations(mut input: PartnershipInput) -> Violations {
        input.check_rules()
    }

    #[track_caller]
    fn violated(input: PartnershipInput, pointer: &str, message: &str) {
        violations(input).assert_has(pointer, message);
    }

    #[test]
    fn a_valid_partnership_passes_normalised() {
        let mut input = valid();
        assert!(input.check_rules().is_empty());
        crate::domain::record::check_all::<Partnership>(&mut input).unwrap();
        assert_eq!(input.title["es"], "Comisión Mixta Argentina-Bolivia");
        assert_eq!(input.description.unwrap()["es"], "Programa 2023-2025");
    }

    #[test]
    fn a_partnership_has_parties_each_once_per_role() {
        let mut input = valid();
        input.parties.clear();
        violated(input, "/parties", "at least one party");
        let mut input = valid();
        input.parties.push(input.parties[0].clone());
        violated(input, "/parties/2", "listed twice as party");
        let mut input = valid();
        let mut observer = input.parties[0].clone();
        observer.role = PartyRole::Observer;
        input.parties.push(observer);
        assert!(
            violations(input).is_empty(),
            "another role is another party"
        );
    }

    #[test]
    fn regional_and_interregional_partnerships_name_a_space_of_their_kind() {
        let mut input = valid();
        input.scope = PartnershipScope::Regional;
        violated(input.clone(), "/space", "names its integration space");
        input.space = Some("atlantis".into());
        violated(input.clone(), "/space", "unknown integration space");
        input.space = Some("fealac".into());
        violated(
            input.clone(),
            "/space",
            "an inter-regional space, not regional",
        );
        input.space = Some("mercosur".into());
        assert!(violations(input.clone()).is_empty());
        input.scope = PartnershipScope::Interregional;
        violated(input, "/space", "a regional space, not interregional");
        let mut input = valid();
        input.space = Some("mercosur".into());
        violated(input, "/space", "has no integration space");
    }

    #[test]
    fn sectors_are_known_active_and_listed_once() {
        let mut input = valid();
        input.sectors = vec!["999".into()];
        violated(input, "/sectors/0", "unknown");
        let mut input = valid();
        input.sectors = vec!["11321".into()];
        violated(input, "/sectors/0", "withdrawn");
        let mut input = valid();
        input.sectors = vec!["311".into(), "311".into()];
        violated(input, "/sectors/1", "listed twice");
    }

    #[test]
    fn agreement_dates_are_in_order_and_signed_once_in_force() {
        let mut input = valid();
        input.valid_until = NaiveDate::from_ymd_opt(2022, 1, 1);
        violated(input, "/valid_until", "must not be before valid_from");
        let mut input = valid();
        input.signed_on = None;
        violated(input.clone(), "/signed_on", "needs its signature date");
        input.status = AgreementStatus::Draft;
        assert!(violations(input).is_empty(), "a draft is not signed yet");
        let mut input = valid();
        input.valid_from = NaiveDate::from_ymd_opt(1800, 1, 1);
        violated(input, "/valid_from", "must be between");
    }

    #[test]
    fn title_length_is_checked_after_trimming() {
        let mut input = valid();
        input.title = crate::domain::documents::es("   ");
        let refused = crate::domain::record::check_all::<Partnership>(&mut input).unwrap_err();
        assert_eq!(refused.errors[0].pointer.as_deref(), Some("/title/es"));
        assert!(
            refused.errors[0]
                .message
                .to_string()
                .contains("must not be empty")
        );
        input.title = crate::domain::documents::es(format!(" {} ", "a".repeat(300)));
        crate::domain::record::check_all::<Partnership>(&mut input).unwrap();
        input.title = crate::domain::documents::es("a".repeat(301));
        let refused = crate::domain::record::check_all::<Partnership>(&mut input).unwrap_err();
        assert!(
            refused.errors[0]
                .message
                .to_string()
                .contains("at most 300 characters")
        );
    }

    #[test]
    fn the_reference_date_is_the_signature_then_validity_then_today() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let mut input = valid();
        assert_eq!(reference_date(&input, today), input.signed_on.unwrap());
        input.signed_on = None;
        assert_eq!(reference_date(&input, today), input.valid_from.unwrap());
        input.valid_from = None;
        assert_eq!(reference_date(&input, today), today);
    }

    #[test]
    fn list_filters_are_checked() {
        let query = |f: fn(&mut PartnershipFilters)| {
            let mut q = PartnershipFilters::default();
            f(&mut q);
            q.check().err().map(|e| e.errors[0].parameter.clone())
        };
        assert_eq!(
            query(|q| q.space = Some("atlantis".into())),
            Some(Some("space".into()))
        );
        assert_eq!(
            query(|q| q.country = Some("ZZ".into())),
            Some(Some("country".into()))
        );
        assert_eq!(
            query(|q| q.sector = Some("3".into())),
            Some(Some("sector".into()))
        );
        assert_eq!(query(|q| q.sector = Some("311".into())), None);
    }
}
