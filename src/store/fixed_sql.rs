//! Statements written in SQL for PostgreSQL that diesel keeps prepared. diesel's own
//! `sql_query` and `sql` mark themselves never to be cached, so a statement written with
//! them is parsed and planned on every call; one of fixed text built here is prepared once
//! per connection, like diesel's typed queries (issue 26: a project create's child rows
//! in one such statement instead of one per table).

use std::marker::PhantomData;

use diesel::expression::{AppearsOnTable, AsExpression, Expression, SelectableExpression};
use diesel::expression::{ValidGrouping, is_aggregate};
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::{QueryResult, RunQueryDsl};

enum Piece<'a> {
    Sql(&'static str),
    Bind(Box<dyn QueryFragment<Pg> + 'a>),
}

/// A statement of fixed SQL text with bound values, in order: `FixedSql::new("... ")
/// .bind::<Text, _>(value).sql(" ...")`. Its text must not depend on the values (it is
/// the key under which the prepared statement is kept).
pub struct FixedSql<'a> {
    pieces: Vec<Piece<'a>>,
}

impl<'a> FixedSql<'a> {
    pub fn new(sql: &'static str) -> Self {
        FixedSql {
            pieces: vec![Piece::Sql(sql)],
        }
    }

    /// SQL text after what is there.
    pub fn sql(mut self, sql: &'static str) -> Self {
        self.pieces.push(Piece::Sql(sql));
        self
    }

    /// A bound value of SQL type `ST` (PostgreSQL's `$n`).
    pub fn bind<ST, V>(mut self, value: V) -> Self
    where
        V: AsExpression<ST>,
        V::Expression: QueryFragment<Pg> + 'a,
        ST: diesel::sql_types::SqlType + diesel::expression::TypedExpressionType,
    {
        self.pieces
            .push(Piece::Bind(Box::new(value.as_expression())));
        self
    }

    /// A whole statement or expression built by diesel (its text must not depend on the
    /// values either: a single-row `INSERT` whose `None`s are bound as NULL), such as the
    /// statement of a data-modifying `WITH`.
    pub fn query(mut self, query: impl QueryFragment<Pg> + 'a) -> Self {
        self.pieces.push(Piece::Bind(Box::new(query)));
        self
    }
}

impl QueryFragment<Pg> for FixedSql<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        for piece in &self.pieces {
            match piece {
                Piece::Sql(sql) => out.push_sql(sql),
                Piece::Bind(value) => value.walk_ast(out.reborrow())?,
            }
        }
        Ok(())
    }
}

impl QueryId for FixedSql<'_> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Conn> RunQueryDsl<Conn> for FixedSql<'_> {}

/// Rows are read by name (`QueryableByName`), as with diesel's `sql_query`.
impl Query for FixedSql<'_> {
    type SqlType = diesel::sql_types::Untyped;
}

/// An SQL expression of fixed text and type `ST`, for a value computed by the statement
/// itself (such as `(SELECT seq FROM change)`, the `seq` a `WITH` drew), where diesel
/// would bind one. Unlike diesel's `sql`, it leaves the statement cacheable.
pub struct SqlExpression<ST>(&'static str, PhantomData<ST>);

impl<ST> SqlExpression<ST> {
    pub const fn new(sql: &'static str) -> Self {
        SqlExpression(sql, PhantomData)
    }
}

impl<ST: diesel::sql_types::SqlType + diesel::expression::TypedExpressionType> Expression
    for SqlExpression<ST>
{
    type SqlType = ST;
}

impl<ST, QS> AppearsOnTable<QS> for SqlExpression<ST> where SqlExpression<ST>: Expression {}

impl<ST, QS> SelectableExpression<QS> for SqlExpression<ST> where SqlExpression<ST>: Expression {}

impl<ST> ValidGrouping<()> for SqlExpression<ST> {
    type IsAggregate = is_aggregate::Never;
}

impl<ST> QueryFragment<Pg> for SqlExpression<ST> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql(self.0);
        Ok(())
    }
}

impl<ST> QueryId for SqlExpression<ST> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}
