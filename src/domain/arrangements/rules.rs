//! The rules of a triangular arrangement that need no database, and its totals by role.

use super::*;
use crate::msg;

impl ArrangementInput {
    /// The role of each party.
    pub fn roles(&self) -> HashMap<Uuid, ParticipantRole> {
        let mut roles = HashMap::new();
        for (list, role) in [
            (&self.recipients, ParticipantRole::Recipient),
            (&self.second_providers, ParticipantRole::SecondProvider),
            (&self.first_providers, ParticipantRole::FirstProvider),
        ] {
            for id in list {
                roles.insert(*id, role);
            }
        }
        roles
    }

    pub(super) fn check_rules(&mut self) -> Violations {
        let mut v = Violations::of(self);
        let mut holder: HashMap<Uuid, &str> = HashMap::new();
        for (list, field) in [
            (&self.first_providers, "first_providers"),
            (&self.second_providers, "second_providers"),
            (&self.recipients, "recipients"),
        ] {
            if list.is_empty() {
                v.add(format!("/{field}"), msg!("needs-organisation"));
            }
            for (i, id) in list.iter().enumerate() {
                match holder.get(id) {
                    Some(other) if *other == field => v.add(
                        format!("/{field}/{i}"),
                        msg!("organisation-listed-twice", organisation = id.to_string()),
                    ),
                    Some(other) => v.add(
                        format!("/{field}/{i}"),
                        msg!(
                            "organisation-in-two-roles",
                            organisation = id.to_string(),
                            other = *other
                        ),
                    ),
                    None => {
                        holder.insert(*id, field);
                    }
                }
            }
        }
        let parties: HashSet<Uuid> = holder.keys().copied().collect();
        check_contributions(
            &mut v,
            "/cost_sharing",
            &mut self.cost_sharing,
            &parties,
            |organisation| {
                msg!(
                    "contribution-not-party",
                    organisation = organisation.to_string()
                )
            },
        );
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

/// The cost sharing totalled by role.
pub(super) fn role_totals(input: &ArrangementInput) -> ArrangementTotals {
    let roles = input.roles();
    let mut money: HashMap<ParticipantRole, Vec<(String, i128)>> = HashMap::new();
    let mut days = RoleDays::default();
    for share in &input.cost_sharing {
        let Some(role) = roles.get(&share.organisation_id) else {
            continue;
        };
        if let (Some(amount), Some(currency)) = (&share.amount, &share.currency)
            && let Ok(minor) = parse_amount(amount, currency)
        {
            money
                .entry(*role)
                .or_default()
                .push((currency.clone(), i128::from(minor)));
        }
        let expert_days = u64::from(share.expert_days.unwrap_or(0));
        match role {
            ParticipantRole::FirstProvider => days.first_provider += expert_days,
            ParticipantRole::SecondProvider => days.second_provider += expert_days,
            _ => days.recipient += expert_days,
        }
    }
    let mut take = |role| totals(money.remove(&role).unwrap_or_default());
    let totals = RoleTotals {
        first_provider: take(ParticipantRole::FirstProvider),
        second_provider: take(ParticipantRole::SecondProvider),
        recipient: take(ParticipantRole::Recipient),
    };
    ArrangementTotals {
        totals_by_role: totals,
        expert_days_by_role: days,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::list_query::ListFilters;
    use crate::domain::record::RecordMeta;
    use chrono::Utc;

    struct Parties {
        first: Uuid,
        second: Uuid,
        recipient: Uuid,
    }

    fn valid() -> (ArrangementInput, Parties) {
        let parties = Parties {
            first: Uuid::now_v7(),
            second: Uuid::now_v7(),
            recipient: Uuid::now_v7(),
        };
        let input = ArrangementInput {
            default_language: crate::domain::documents::default_language(),
            document_links: Vec::new(),
            title: crate::domain::documents::es(" Programa de Asociación Argentina-Japón "),
            first_providers: vec![parties.first],
            second_providers: vec![parties.second],
            recipients: vec![parties.recipient],
            agreement_kind: AgreementKind::Trilateral,
            signed_on: NaiveDate::from_ymd_opt(2024, 5, 1),
            valid_from: None,
            valid_until: None,
            status: AgreementStatus::Active,
            governance: None,
            cost_sharing: vec![
                Contribution {
                    organisation_id: parties.second,
                    amount: Some("50000".into()),
                    currency: Some("USD".into()),
                    expert_days: Some(60),
                },
                Contribution {
                    organisation_id: parties.first,
                    amount: None,
                    currency: None,
                    expert_days: Some(40),
                },
            ],
            visibility: Visibility::Public,
        };
        (input, parties)
    }

    #[track_caller]
    fn violated(mut input: ArrangementInput, pointer: &str, message: &str) {
        input.check_rules().assert_has(pointer, message);
    }

    #[test]
    fn a_valid_arrangement_passes_normalised() {
        let (mut input, _) = valid();
        assert!(input.check_rules().is_empty());
        crate::domain::record::check_all::<TriangularArrangement>(&mut input).unwrap();
        assert_eq!(input.title["es"], "Programa de Asociación Argentina-Japón");
        assert_eq!(
            input.cost_sharing[0].amount.as_deref(),
            Some("50000.00"),
            "money in its currency's minor units"
        );
    }

    #[test]
    fn every_role_has_an_organisation() {
        for field in ["first_providers", "second_providers", "recipients"] {
            let (mut input, _) = valid();
            match field {
                "first_providers" => input.first_providers.clear(),
                "second_providers" => input.second_providers.clear(),
                _ => input.recipients.clear(),
            }
            input.cost_sharing.clear();
            violated(
                input,
                &format!("/{field}"),
                "needs at least one organisation",
            );
        }
    }

    #[test]
    fn no_organisation_holds_two_roles_or_is_listed_twice() {
        let (mut input, parties) = valid();
        input.recipients.push(parties.first);
        violated(input, "/recipients/1", "already in first_providers");
        let (mut input, parties) = valid();
        input.second_providers.push(parties.second);
        violated(input, "/second_providers/1", "listed twice");
    }

    #[test]
    fn cost_sharing_names_parties_with_money_or_days() {
        let (mut input, _) = valid();
        let outsider = Uuid::now_v7();
        input.cost_sharing[1].organisation_id = outsider;
        violated(input, "/cost_sharing/1/organisation_id", "not a party");
        let (mut input, _) = valid();
        input.cost_sharing[1].expert_days = None;
        violated(input, "/cost_sharing/1", "needs an amount or expert_days");
        let (mut input, _) = valid();
        input.cost_sharing[0].currency = None;
        violated(input, "/cost_sharing/0/currency", "needs its currency");
        let (mut input, _) = valid();
        input.cost_sharing[0].amount = Some("1.234".into());
        violated(input, "/cost_sharing/0/amount", "amount");
    }

    #[test]
    fn agreement_dates_apply_as_to_partnerships() {
        let (mut input, _) = valid();
        input.signed_on = None;
        violated(input, "/signed_on", "needs its signature date");
        let (mut input, _) = valid();
        input.valid_from = NaiveDate::from_ymd_opt(2025, 1, 2);
        input.valid_until = NaiveDate::from_ymd_opt(2025, 1, 1);
        violated(input, "/valid_until", "must not be before valid_from");
    }

    #[test]
    fn totals_by_role_sum_each_currency_and_the_expert_days() {
        let (mut input, parties) = valid();
        input.cost_sharing.push(Contribution {
            organisation_id: parties.second,
            amount: Some("10.50".into()),
            currency: Some("EUR".into()),
            expert_days: None,
        });
        assert!(input.check_rules().is_empty());
        let now = Utc::now();
        let record = TriangularArrangement::new(
            input,
            RecordMeta {
                id: Uuid::now_v7(),
                version: 1,
                created_at: now,
                updated_at: now,
                created_by: "test".into(),
                updated_by: "test".into(),
                review_status: crate::domain::review::ReviewStatus::Approved,
                approved_version: Some(1),
            },
        );
        let money = |totals: &[CurrencyTotal]| -> Vec<(String, String)> {
            totals
                .iter()
                .map(|t| (t.currency.clone(), t.amount.clone()))
                .collect()
        };
        assert_eq!(
            money(&record.derived.totals_by_role.second_provider),
            [
                ("EUR".into(), "10.50".into()),
                ("USD".into(), "50000.00".into())
            ]
        );
        assert!(record.derived.totals_by_role.first_provider.is_empty());
        assert_eq!(record.derived.expert_days_by_role.first_provider, 40);
        assert_eq!(record.derived.expert_days_by_role.second_provider, 60);
        assert_eq!(record.derived.expert_days_by_role.recipient, 0);
    }

    #[test]
    fn the_role_filter_needs_an_organisation() {
        let filter = |organisation: Option<Uuid>, role| {
            let query = ArrangementFilters {
                organisation,
                role: Some(role),
                ..Default::default()
            };
            query.check().map(|f| f.role)
        };
        let alone = filter(None, ArrangementRole::Recipient).unwrap_err();
        assert_eq!(alone.problem.status().as_u16(), 422);
        assert_eq!(alone.errors[0].parameter.as_deref(), Some("role"));
        assert_eq!(
            filter(Some(Uuid::now_v7()), ArrangementRole::SecondProvider).unwrap(),
            Some("second_provider")
        );
        // The roles are the ones arrangements store.
        let stored: Vec<&str> = [
            ParticipantRole::FirstProvider,
            ParticipantRole::SecondProvider,
            ParticipantRole::Recipient,
        ]
        .map(ParticipantRole::as_str)
        .to_vec();
        let filterable: Vec<&str> = ArrangementRole::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(filterable, stored);
    }
}
