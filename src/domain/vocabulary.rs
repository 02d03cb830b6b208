//! Vocabularies shared by several cooperation records (each record's own live beside it),
//! served as codelists too.

use crate::closed_vocabulary::vocabulary;

vocabulary! {
    /// Who may read a record: everyone, or only admins, coordinators and the
    /// organisations taking part.
    Visibility {
        Public = "public", "Public", "Pública";
        Restricted = "restricted", "Restricted to participants", "Restringida a los participantes";
    }
}

vocabulary! {
    /// Where an agreement (partnership, triangular arrangement) stands.
    AgreementStatus {
        Draft = "draft", "Draft", "Borrador";
        Active = "active", "Active", "Vigente";
        Suspended = "suspended", "Suspended", "Suspendido";
        Expired = "expired", "Expired", "Vencido";
        Terminated = "terminated", "Terminated", "Rescindido";
    }
}
