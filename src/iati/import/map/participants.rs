//! The "Participants" section of MAPPING.md: participating organisations and their
//! roles.

use crate::domain::projects::{Modality, ParticipantRole};
use crate::iati::import::organisations::OrganisationRef;
use crate::iati::import::report::Notes;
use crate::iati::reader::Node;

/// An organisation taking part, as the activity names it.
pub struct Named {
    pub organisation: OrganisationRef,
    pub role: ParticipantRole,
    pub expert_days: u32,
}

/// The participating organisations with a known role. When none provides (funds,
/// extends or shares expertise), the activity's `reporting-org` is taken as its
/// provider: the publisher of an activity takes part in it.
pub fn participants(
    activity: &Node,
    modality: Modality,
    language: &str,
    notes: &mut Notes,
) -> Vec<Named> {
    let mut named = Vec::new();
    for (n, node) in activity.all("participating-org") {
        let path = format!("participating-org[{n}]");
        let Some(role) = role_of(node, modality) else {
            notes.add(format!("{path}/@role"), "no known role: left out");
            continue;
        };
        named.push(Named {
            organisation: OrganisationRef::of(node, path, language),
            role,
            expert_days: node
                .attribute("ssc:expert-days")
                .and_then(|d| d.parse::<u32>().ok())
                .unwrap_or(0),
        });
    }
    let provides = |role: ParticipantRole| {
        use ParticipantRole::*;
        matches!(
            role,
            Provider | FirstProvider | SecondProvider | Funding | Both
        )
    };
    if !named.iter().any(|p| provides(p.role))
        && let Some(reporting) = activity.first("reporting-org")
    {
        let organisation = OrganisationRef::of(reporting, "reporting-org".into(), language);
        if organisation.reference.is_some() || organisation.name.is_some() {
            notes.add(
                "reporting-org",
                "no participating organisation provides: the reporting organisation is taken as the provider",
            );
            let role = match modality {
                Modality::Triangular => ParticipantRole::FirstProvider,
                Modality::Multilateral => ParticipantRole::Funding,
                _ => ParticipantRole::Provider,
            };
            named.push(Named {
                organisation,
                role,
                expert_days: 0,
            });
        }
    }
    named
}

/// A participant's role: `ssc:role` when the file has it (the service's own files), else
/// read from the IATI role as the modality understands it: in South-South cooperation
/// the funding and extending organisations provide and the accountable and implementing
/// ones receive; in triangular cooperation the funder is the second provider and the
/// extending organisation the first.
fn role_of(node: &Node, modality: Modality) -> Option<ParticipantRole> {
    use ParticipantRole::*;
    if let Some(role) = node.attribute("ssc:role").and_then(ParticipantRole::parse) {
        return Some(role);
    }
    let code = node.attribute("role")?;
    Some(match (modality, code) {
        (Modality::Multilateral, "1") => Funding,
        (Modality::Multilateral, "3") => Provider,
        (Modality::Multilateral, "4") => Implementing,
        (Modality::Triangular, "1") => SecondProvider,
        (Modality::Triangular, "3") => FirstProvider,
        (_, "1" | "3") => Provider,
        (_, "2" | "4") => Recipient,
        _ => return None,
    })
}
