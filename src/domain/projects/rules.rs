//! The rules a project must satisfy that need no database: codes against the codelists,
//! shares summing to 100, coherent dates, participants fitting the modality, exact money.
//! Checking also normalises what it accepts (trimmed text, canonical decimals).

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::codelists;
use crate::domain::decimal::{format_trimmed, parse_scaled};
use crate::domain::money::{check_contributions, checked_amount};
pub use crate::domain::money::{currency_scale, parse_amount};
use crate::domain::projects::{Modality, ParticipantRole, ProjectInput};
use crate::l10n::Message;
use crate::msg;
use crate::validation::Violations;

/// 100% in hundredths of a percent.
pub const WHOLE: i64 = 10_000;

/// Parse a percentage into hundredths (0 < p <= 100, at most 2 decimals).
pub fn parse_percentage(text: &str) -> Result<i64, Message> {
    let value = parse_scaled(text, 2).map_err(|e| msg!("percentage-invalid", problem = e))?;
    if value == 0 || value > WHOLE {
        return Err(msg!("percentage-range", value = format!("{text:?}")));
    }
    Ok(value)
}

/// Check coded shares (`field/{i}/{code_member}` and `field/{i}/percentage`): each code
/// active in its codelist and listed once, each percentage valid (and written in its
/// canonical form). Returns their total in hundredths, or none when a percentage is not
/// valid (a sum would say nothing then).
fn check_shares<'a>(
    v: &mut Violations,
    field: &str,
    code_member: &str,
    (list, what): (&codelists::Codelist, &str),
    shares: impl Iterator<Item = (&'a str, &'a mut String)>,
) -> Option<i64> {
    let mut total = Some(0);
    let mut seen = HashSet::new();
    for (i, (code, percentage)) in shares.enumerate() {
        let at = format!("{field}/{i}/{code_member}");
        v.code(&at, list, code, what);
        if !seen.insert(code) {
            v.add(&at, msg!("code-listed-twice", code = code));
        }
        match parse_percentage(percentage) {
            Ok(p) => {
                total = total.map(|t| t + p);
                *percentage = format_trimmed(p, 2);
            }
            Err(message) => {
                total = None;
                v.add(format!("{field}/{i}/percentage"), message);
            }
        }
    }
    total
}

/// A code of letters, digits, `-`, `_`, `.` and `/`, starting with a letter or digit.
pub fn valid_code(code: &str) -> bool {
    code.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphanumeric())
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b))
}

fn trim_optional(text: &mut Option<String>) {
    if let Some(value) = text {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            *text = None;
        } else if trimmed.len() != value.len() {
            *value = trimmed.to_owned();
        }
    }
}

impl ProjectInput {
    /// Check every rule that needs no database, normalising what passes. `today` is the
    /// UTC date (actual dates may not be later).
    pub fn check_rules(&mut self, today: NaiveDate) -> Violations {
        self.code = self.code.trim().to_owned();
        trim_optional(&mut self.iati_identifier);

        let mut v = Violations::of(self);
        v.dates(&[
            ("/approval_date", self.approval_date),
            ("/planned_start", Some(self.planned_start)),
            ("/planned_end", Some(self.planned_end)),
            ("/actual_start", self.actual_start),
            ("/actual_end", self.actual_end),
        ]);
        if !self.code.is_empty() && !valid_code(&self.code) {
            v.add("/code", msg!("record-code-format"));
        }
        if let Some(identifier) = &self.iati_identifier
            && !(identifier.contains('-') && valid_code(identifier))
        {
            v.add(
                "/iati_identifier",
                msg!(
                    "iati-identifier-format",
                    example = "AR-CUIT-30546671166-FOAR-2025-12"
                ),
            );
        }
        if let Err(message) =
            codelists::activity_statuses().active(&self.status.to_string(), "activity status")
        {
            v.add("/status", message);
        }
        self.check_dates(today, &mut v);
        self.check_recipients(&mut v);
        self.check_sectors(&mut v);
        self.check_sdgs(&mut v);
        let mut capacities = HashSet::new();
        for (i, capacity) in self.capacity_ids.iter().enumerate() {
            if !capacities.insert(capacity) {
                v.add(
                    format!("/capacity_ids/{i}"),
                    msg!("capacity-listed-twice", id = capacity.to_string()),
                );
            }
        }
        self.check_participants(&mut v);
        self.check_money(&mut v);
        v
    }

    fn check_dates(&self, today: NaiveDate, v: &mut Violations) {
        if self.planned_start > self.planned_end {
            v.add(
                "/planned_end",
                msg!("date-not-before", start = "planned_start"),
            );
        }
        if let (Some(start), Some(end)) = (self.actual_start, self.actual_end)
            && start > end
        {
            v.add(
                "/actual_end",
                msg!("date-not-before", start = "actual_start"),
            );
        }
        if self.actual_end.is_some() && self.actual_start.is_none() {
            v.add("/actual_end", msg!("actual-end-needs-start"));
        }
        for (pointer, date) in [
            ("/actual_start", self.actual_start),
            ("/actual_end", self.actual_end),
        ] {
            if date.is_some_and(|d| d > today) {
                v.add(pointer, msg!("date-in-future", today = today.to_string()));
            }
        }
    }

    fn check_recipients(&mut self, v: &mut Violations) {
        if self.recipient_countries.is_empty() && self.recipient_regions.is_empty() {
            v.add("/recipient_countries", msg!("project-needs-recipient"));
            return;
        }
        let countries = check_shares(
            v,
            "/recipient_countries",
            "country_code",
            (codelists::countries(), "country code"),
            self.recipient_countries
                .iter_mut()
                .map(|s| (s.country_code.as_str(), &mut s.percentage)),
        );
        let regions = check_shares(
            v,
            "/recipient_regions",
            "region_code",
            (codelists::regions(), "region code"),
            self.recipient_regions
                .iter_mut()
                .map(|s| (s.region_code.as_str(), &mut s.percentage)),
        );
        if let (Some(countries), Some(regions)) = (countries, regions)
            && countries + regions != WHOLE
        {
            let total = countries + regions;
            let pointer = if self.recipient_countries.is_empty() {
                "/recipient_regions"
            } else {
                "/recipient_countries"
            };
            v.add(
                pointer,
                msg!(
                    "recipient-percentages-sum",
                    total = format_trimmed(total, 2)
                ),
            );
        }
    }

    fn check_sectors(&mut self, v: &mut Violations) {
        if self.sectors.is_empty() {
            v.add("/sectors", msg!("project-needs-sector"));
            return;
        }
        let total = check_shares(
            v,
            "/sectors",
            "code",
            (codelists::sectors(), "DAC sector"),
            self.sectors
                .iter_mut()
                .map(|s| (s.code.as_str(), &mut s.percentage)),
        );
        if let Some(total) = total
            && total != WHOLE
        {
            v.add(
                "/sectors",
                msg!("sector-percentages-sum", total = format_trimmed(total, 2)),
            );
        }
    }

    fn check_sdgs(&self, v: &mut Violations) {
        let mut goals = HashSet::new();
        for (i, goal) in self.sdg_goals.iter().enumerate() {
            if let Err(message) = codelists::sdg_goals().active(&goal.to_string(), "SDG goal") {
                v.add(format!("/sdg_goals/{i}"), message);
            }
            if !goals.insert(*goal) {
                v.add(
                    format!("/sdg_goals/{i}"),
                    msg!("goal-listed-twice", goal = goal.to_string()),
                );
            }
        }
        let mut targets = HashSet::new();
        for (i, target) in self.sdg_targets.iter().enumerate() {
            let pointer = format!("/sdg_targets/{i}");
            match codelists::sdg_targets().active(target, "SDG target") {
                Ok(entry) => {
                    let goal: i32 = entry
                        .goal
                        .as_deref()
                        .and_then(|g| g.parse().ok())
                        .unwrap_or_default();
                    if !goals.contains(&goal) {
                        v.add(
                            &pointer,
                            msg!(
                                "target-outside-goals",
                                target = target,
                                goal = goal.to_string()
                            ),
                        );
                    }
                }
                Err(message) => v.add(&pointer, message),
            }
            if !targets.insert(target.as_str()) {
                v.add(&pointer, msg!("target-listed-twice", target = target));
            }
        }
    }

    fn check_participants(&self, v: &mut Violations) {
        if self.participants.is_empty() {
            v.add("/participants", msg!("project-needs-participant"));
            return;
        }
        let mut seen = HashSet::new();
        for (i, p) in self.participants.iter().enumerate() {
            if !seen.insert((p.organisation_id, p.role)) {
                v.add(
                    format!("/participants/{i}"),
                    msg!(
                        "participant-listed-twice",
                        organisation = p.organisation_id.to_string(),
                        role = p.role.to_string()
                    ),
                );
            }
        }
        let with_role = |roles: &[ParticipantRole]| -> Vec<uuid::Uuid> {
            self.participants
                .iter()
                .filter(|p| roles.contains(&p.role))
                .map(|p| p.organisation_id)
                .collect()
        };
        match self.modality {
            Modality::Triangular => {
                let first = with_role(&[ParticipantRole::FirstProvider]);
                let second = with_role(&[ParticipantRole::SecondProvider]);
                let recipients = with_role(&[ParticipantRole::Recipient]);
                for (list, role) in [
                    (&first, ParticipantRole::FirstProvider),
                    (&second, ParticipantRole::SecondProvider),
                    (&recipients, ParticipantRole::Recipient),
                ] {
                    if list.is_empty() {
                        v.add(
                            "/participants",
                            msg!("triangular-project-needs-role", role = role.to_string()),
                        );
                    }
                }
                for (i, p) in self.participants.iter().enumerate() {
                    let triangular_roles = [&first, &second, &recipients]
                        .iter()
                        .filter(|list| list.contains(&p.organisation_id))
                        .count();
                    if triangular_roles > 1
                        && matches!(
                            p.role,
                            ParticipantRole::FirstProvider
                                | ParticipantRole::SecondProvider
                                | ParticipantRole::Recipient
                        )
                    {
                        v.add(
                            format!("/participants/{i}"),
                            msg!(
                                "triangular-roles-exclusive",
                                organisation = p.organisation_id.to_string()
                            ),
                        );
                    }
                }
            }
            Modality::BilateralSsc => {
                if with_role(&[ParticipantRole::Provider, ParticipantRole::Both]).is_empty() {
                    v.add("/participants", msg!("bilateral-project-needs-provider"));
                }
                if with_role(&[ParticipantRole::Recipient, ParticipantRole::Both]).is_empty() {
                    v.add("/participants", msg!("bilateral-project-needs-recipient"));
                }
            }
            Modality::RegionalSsc | Modality::Multilateral => {}
        }
    }

    fn check_money(&mut self, v: &mut Violations) {
        if let Some(budget) = &mut self.budget
            && let Some(amount) = checked_amount(v, "/budget", &budget.amount, &budget.currency)
        {
            budget.amount = amount;
        }
        let participants: HashSet<_> = self
            .participants
            .iter()
            .map(|p| p.organisation_id)
            .collect();
        check_contributions(
            v,
            "/contributions",
            &mut self.contributions,
            &participants,
            |organisation| {
                msg!(
                    "contribution-not-participant",
                    organisation = organisation.to_string()
                )
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn present_fields_agree_with_the_json_diff() {
        let mut input: ProjectInput = serde_json::from_value(serde_json::json!({
            "code": "X-1", "title": {"es": "T"}, "modality": "bilateral_ssc", "instrument": "project",
            "status": 2, "visibility": "public", "planned_start": "2025-01-01",
            "planned_end": "2025-12-31", "recipient_countries": [{"country_code": "BO", "percentage": "100"}],
            "sectors": [{"code": "31166", "percentage": "100"}],
            "participants": [{"organisation_id": "0193a6a0-3c1e-7b3a-9c1d-2f4e5a6b7c8d", "role": "provider"}]
        }))
        .unwrap();
        let diff = |input: &ProjectInput| {
            crate::domain::changes::changed_fields(
                &serde_json::json!({}),
                &serde_json::json!(input),
            )
        };
        assert_eq!(input.present_fields(), diff(&input));
        input.description = Some(crate::domain::documents::es("d"));
        input.sdg_goals = vec![2];
        input.budget = Some(crate::domain::projects::Money {
            amount: "1".into(),
            currency: "USD".into(),
        });
        input.actual_start = Some(chrono::NaiveDate::from_ymd_opt(2025, 1, 2).unwrap());
        assert_eq!(input.present_fields(), diff(&input));
    }

    #[test]
    fn percentages_are_exact() {
        assert_eq!(parse_percentage("33.33"), Ok(3333));
        assert_eq!(parse_percentage("100"), Ok(10_000));
        assert!(parse_percentage("0").is_err());
        assert!(parse_percentage("100.01").is_err());
        assert!(parse_percentage("12.345").is_err());
    }
}
