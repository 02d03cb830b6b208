//! Who may read which cooperation record: the one rule, in each form the queries need.
//!
//! A record is `public` (everyone reads it) or `restricted` (admins, coordinators and the
//! organisations taking part read it). Admins, coordinators and the organisations taking
//! part read it as it is now, drafts included; everyone else reads only a record that has
//! been approved, as it was approved (see `domain::review`). The record's columns hold the
//! approved content when there is one, so visibility and participants are the approved
//! ones. [`ReadScope`] is what a caller may read; the
//! domain decides which scope a caller has (`domain::access`). Here the scope becomes a
//! SQL predicate over a record table (`readable_by!`: lists, statistics and single reads
//! all use it) and over the change feed's stored audiences ([`Audience`]).

use uuid::Uuid;

/// The stored visibility of a record everyone may read.
pub const PUBLIC: &str = "public";
/// The stored visibility of a record only its participants (and coordinators) may read.
pub const RESTRICTED: &str = "restricted";

/// Which records a caller may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadScope {
    All,
    Public,
    /// Public ones, and those in which this organisation participates.
    PublicOrParticipant(Uuid),
}

/// Keep only the rows of `$table` that `$scope` may read. `$parties.$record_id` is the
/// table listing each record's participating organisations (in an `organisation_id`
/// column). Works on any boxed query whose source includes `$table`, on either backend.
///
/// With `=> |$q| $then`, the query need not be boxed: `$then` runs on the filtered
/// query of each scope, each a query of its own static type, which diesel prepares once
/// per connection and keeps (a boxed query is parsed again on every call; point reads
/// by id use this form). Without it, the filtered query itself (`=> |q| q`).
macro_rules! readable_by {
    ($query:expr, $scope:expr, $table:ident, $parties:ident . $record_id:ident => |$q:ident| $then:expr) => {{
        use diesel::prelude::*;
        use $crate::store::visibility::{PUBLIC, ReadScope};
        match $scope {
            ReadScope::All => {
                let $q = $query;
                $then
            }
            ReadScope::Public => {
                let $q = $query
                    .filter($crate::schema::$table::visibility.eq(PUBLIC))
                    .filter($crate::schema::$table::approved_version.is_not_null());
                $then
            }
            ReadScope::PublicOrParticipant(org) => {
                let $q = $query.filter(
                    $crate::schema::$table::visibility
                        .eq(PUBLIC)
                        .and($crate::schema::$table::approved_version.is_not_null())
                        .or(diesel::dsl::exists(
                            $crate::schema::$parties::table
                                .filter(
                                    $crate::schema::$parties::$record_id
                                        .eq($crate::schema::$table::id),
                                )
                                .filter(
                                    $crate::schema::$parties::organisation_id.eq(org.to_string()),
                                ),
                        )),
                );
                $then
            }
        }
    }};
    ($query:expr, $scope:expr, $table:ident, $parties:ident . $record_id:ident) => {
        $crate::store::visibility::readable_by!($query, $scope, $table, $parties.$record_id => |q| q)
    };
}

pub(crate) use readable_by;

/// Who may read a record, as stored with each change for the change feed: everyone
/// (`public`), or admins, coordinators and the listed organisations
/// (`restricted:<id>,<id>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audience(pub String);

impl Audience {
    pub fn public() -> Self {
        Audience(PUBLIC.to_owned())
    }

    /// A restricted record's audience: the organisations taking part.
    pub fn restricted_to(participants: &[Uuid]) -> Self {
        let mut ids: Vec<String> = participants.iter().map(Uuid::to_string).collect();
        ids.sort();
        ids.dedup();
        Audience(format!("{RESTRICTED}:{}", ids.join(",")))
    }

    /// May a caller with this scope read a record with this audience?
    pub fn admits(&self, scope: ReadScope) -> bool {
        match scope {
            ReadScope::All => true,
            _ if self.0 == PUBLIC => true,
            ReadScope::PublicOrParticipant(org) => self.0.contains(&org.to_string()),
            ReadScope::Public => false,
        }
    }
}

/// How a change looks to a reader in the change feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedView {
    /// As it is: the reader may read the record after the change.
    AsIs,
    /// As a delete: the change took the record out of the reader's view.
    AsDelete,
    /// Not at all: the reader could read the record neither before nor after.
    Hidden,
}

/// The change feed's rule for one change, whose record is read by `audience` after it and
/// was read by `previous` before (`store::changes::feed` applies the same rule in SQL;
/// webhooks apply it to each subscriber).
pub fn feed_view(audience: &Audience, previous: Option<&Audience>, scope: ReadScope) -> FeedView {
    if audience.admits(scope) {
        FeedView::AsIs
    } else if previous.is_some_and(|p| p.admits(scope)) {
        FeedView::AsDelete
    } else {
        FeedView::Hidden
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_that_takes_a_record_out_of_view_is_a_delete() {
        let mag = Uuid::now_v7();
        let other = Uuid::now_v7();
        let partner = ReadScope::PublicOrParticipant(mag);
        let restricted = Audience::restricted_to(&[other]);
        let public = Audience::public();
        assert_eq!(feed_view(&public, None, partner), FeedView::AsIs);
        assert_eq!(
            feed_view(&restricted, Some(&public), partner),
            FeedView::AsDelete
        );
        assert_eq!(feed_view(&restricted, None, partner), FeedView::Hidden);
        assert_eq!(
            feed_view(&restricted, Some(&restricted), ReadScope::Public),
            FeedView::Hidden
        );
        assert_eq!(feed_view(&restricted, None, ReadScope::All), FeedView::AsIs);
    }

    #[test]
    fn audiences_admit_what_the_scope_may_read() {
        let mag = Uuid::now_v7();
        let other = Uuid::now_v7();
        let restricted = Audience::restricted_to(&[mag, mag]);
        assert_eq!(restricted.0, format!("restricted:{mag}"));
        assert!(restricted.admits(ReadScope::All));
        assert!(restricted.admits(ReadScope::PublicOrParticipant(mag)));
        assert!(!restricted.admits(ReadScope::PublicOrParticipant(other)));
        assert!(!restricted.admits(ReadScope::Public));
        for scope in [
            ReadScope::All,
            ReadScope::Public,
            ReadScope::PublicOrParticipant(other),
        ] {
            assert!(Audience::public().admits(scope));
        }
    }
}
