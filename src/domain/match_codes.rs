//! What a capacity and a cooperation request are matched on, and hold the same way: DAC
//! sectors, SDG targets, ways of sharing and languages. Their rules and the child rows
//! their tables store are written here once.

use std::collections::HashSet;
use std::hash::Hash;

use uuid::Uuid;

use crate::closed_vocabulary::vocabulary;
use crate::codelists;
use crate::msg;
use crate::store::match_codes::MatchCodeRows;
use crate::validation::Violations;

vocabulary! {
    /// How a capacity is shared with a partner.
    CapacityFormat {
        ExpertMission = "expert_mission", "Expert mission", "Misión de expertos";
        TrainingCourse = "training_course", "Training course", "Curso de capacitación";
        Internship = "internship", "Internship", "Pasantía";
        StudyVisit = "study_visit", "Study visit", "Visita de estudio";
        RemoteAdvice = "remote_advice", "Remote advice", "Asesoría a distancia";
        ToolsAndPublications = "tools_and_publications", "Tools and publications", "Herramientas y publicaciones";
    }
}

/// The codes of a capacity or a cooperation request, as its input holds them.
pub struct MatchCodes<'a> {
    pub sectors: &'a [String],
    pub sdg_targets: &'a [String],
    pub formats: &'a [CapacityFormat],
    pub languages: &'a [String],
}

impl MatchCodes<'_> {
    /// Sectors are known 5-digit DAC codes, targets known SDG targets, languages known
    /// ISO 639-1 codes, and no code is listed twice.
    pub fn check(&self, v: &mut Violations) {
        for (i, code) in self.sectors.iter().enumerate() {
            if code.len() != 5 {
                v.add(
                    format!("/sectors/{i}"),
                    msg!("sector-not-five-digits", code = format!("{code:?}")),
                );
            } else {
                v.code(
                    format!("/sectors/{i}"),
                    codelists::sectors(),
                    code,
                    "DAC sector",
                );
            }
        }
        no_repeats(v, "sectors", self.sectors);
        v.codes(
            "sdg_targets",
            codelists::sdg_targets(),
            self.sdg_targets,
            "SDG target",
        );
        no_repeats(v, "sdg_targets", self.sdg_targets);
        no_repeats(v, "formats", self.formats);
        v.codes(
            "languages",
            codelists::languages(),
            self.languages,
            "language",
        );
        no_repeats(v, "languages", self.languages);
    }

    /// The SDG goals of its targets, each once, in order.
    pub fn sdg_goals(&self) -> Vec<i32> {
        let mut goals = Vec::new();
        for goal in self.sdg_targets.iter().filter_map(|target| goal_of(target)) {
            if !goals.contains(&goal) {
                goals.push(goal);
            }
        }
        goals
    }

    /// The child rows its table stores, with the organisations taking part.
    pub fn rows(&self, organisations: Vec<Uuid>) -> MatchCodeRows {
        MatchCodeRows {
            organisations,
            sectors: self.sectors.to_vec(),
            sdg_targets: self
                .sdg_targets
                .iter()
                .map(|target| (target.clone(), goal_of(target).unwrap_or_default()))
                .collect(),
            formats: self.formats.iter().map(|f| f.as_str()).collect(),
            languages: self.languages.to_vec(),
        }
    }
}

/// Report the entries of `list` (at `/{field}/{i}`) seen before.
pub fn no_repeats<T: Eq + Hash + std::fmt::Display>(v: &mut Violations, field: &str, list: &[T]) {
    let mut seen = HashSet::new();
    for (i, item) in list.iter().enumerate() {
        if !seen.insert(item) {
            v.add(
                format!("/{field}/{i}"),
                msg!("code-listed-twice", code = item.to_string()),
            );
        }
    }
}

/// The goal of an SDG target ("2.3": 2).
fn goal_of(target: &str) -> Option<i32> {
    target.split('.').next().and_then(|goal| goal.parse().ok())
}
