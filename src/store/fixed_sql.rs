//! Statements written in SQL for PostgreSQL that diesel keeps prepared. diesel's own
//! `sql_query` and `sql` mark themselves never to be cached, so a statement written with
//! them is parsed and planned on every call; one of fixed text built here is prepared once
//! per connection, like diesel's typed queries (issue 26: a project create's child rows
//! in one such statement instead of one per table).

use diesel::expression::AsExpression;
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
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
