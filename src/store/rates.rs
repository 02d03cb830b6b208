//! Storage of the yearly exchange rates and expert-day rates (admins set them).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::schema::{exchange_rates, expert_day_rates};
use crate::store::StoreError;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = exchange_rates)]
pub struct ExchangeRateRow {
    pub year: i32,
    pub currency: String,
    pub units_per_usd_micro: i64,
    pub version: i64,
    pub updated_at: NaiveDateTime,
    pub updated_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = expert_day_rates)]
pub struct ExpertDayRateRow {
    pub year: i32,
    pub amount_minor: i64,
    pub currency: String,
    pub version: i64,
    pub updated_at: NaiveDateTime,
    pub updated_by: String,
}

pub fn find_rate(
    conn: &mut DbConnection,
    year: i32,
    currency: &str,
) -> Result<Option<ExchangeRateRow>, StoreError> {
    Ok(exchange_rates::table
        .filter(exchange_rates::year.eq(year))
        .filter(exchange_rates::currency.eq(currency))
        .select(ExchangeRateRow::as_select())
        .first(conn)
        .optional()?)
}

/// Rates in (year, currency) order after `after`, at most `limit + 1`.
pub fn list_rates(
    conn: &mut DbConnection,
    year: Option<i32>,
    currency: Option<&str>,
    after: Option<(i32, String)>,
    limit: usize,
) -> Result<Vec<ExchangeRateRow>, StoreError> {
    let mut query = exchange_rates::table.into_boxed();
    if let Some(year) = year {
        query = query.filter(exchange_rates::year.eq(year));
    }
    if let Some(currency) = currency {
        query = query.filter(exchange_rates::currency.eq(currency.to_owned()));
    }
    if let Some((year, currency)) = after {
        query = query.filter(
            exchange_rates::year.gt(year).or(exchange_rates::year
                .eq(year)
                .and(exchange_rates::currency.gt(currency))),
        );
    }
    Ok(query
        .order((exchange_rates::year.asc(), exchange_rates::currency.asc()))
        .limit(limit as i64 + 1)
        .select(ExchangeRateRow::as_select())
        .load(conn)?)
}

/// All the rates of some years (for a report).
pub fn rates_of_years(
    conn: &mut DbConnection,
    years: &[i32],
) -> Result<Vec<ExchangeRateRow>, StoreError> {
    Ok(exchange_rates::table
        .filter(exchange_rates::year.eq_any(years))
        .select(ExchangeRateRow::as_select())
        .load(conn)?)
}

/// Insert the rate (`previous` None), or write over the stored one if it is still at
/// version `previous`; how many rows were written (0: changed concurrently).
pub fn save_rate(
    conn: &mut DbConnection,
    row: &ExchangeRateRow,
    previous: Option<i64>,
) -> Result<usize, StoreError> {
    Ok(if let Some(previous) = previous {
        diesel::update(
            exchange_rates::table
                .filter(exchange_rates::year.eq(row.year))
                .filter(exchange_rates::currency.eq(&row.currency))
                .filter(exchange_rates::version.eq(previous)),
        )
        .set((
            exchange_rates::units_per_usd_micro.eq(row.units_per_usd_micro),
            exchange_rates::version.eq(row.version),
            exchange_rates::updated_at.eq(row.updated_at),
            exchange_rates::updated_by.eq(&row.updated_by),
        ))
        .execute(conn)?
    } else {
        diesel::insert_into(exchange_rates::table)
            .values(row)
            .execute(conn)?
    })
}

pub fn delete_rate(conn: &mut DbConnection, year: i32, currency: &str) -> Result<(), StoreError> {
    diesel::delete(
        exchange_rates::table
            .filter(exchange_rates::year.eq(year))
            .filter(exchange_rates::currency.eq(currency)),
    )
    .execute(conn)?;
    Ok(())
}

pub fn find_day_rate(
    conn: &mut DbConnection,
    year: i32,
) -> Result<Option<ExpertDayRateRow>, StoreError> {
    Ok(expert_day_rates::table
        .filter(expert_day_rates::year.eq(year))
        .select(ExpertDayRateRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every expert-day rate, by year (one a year: a short list).
pub fn list_day_rates(conn: &mut DbConnection) -> Result<Vec<ExpertDayRateRow>, StoreError> {
    Ok(expert_day_rates::table
        .order(expert_day_rates::year.asc())
        .select(ExpertDayRateRow::as_select())
        .load(conn)?)
}

/// As [`save_rate`], for an expert-day rate.
pub fn save_day_rate(
    conn: &mut DbConnection,
    row: &ExpertDayRateRow,
    previous: Option<i64>,
) -> Result<usize, StoreError> {
    Ok(if let Some(previous) = previous {
        diesel::update(
            expert_day_rates::table
                .filter(expert_day_rates::year.eq(row.year))
                .filter(expert_day_rates::version.eq(previous)),
        )
        .set((
            expert_day_rates::amount_minor.eq(row.amount_minor),
            expert_day_rates::currency.eq(&row.currency),
            expert_day_rates::version.eq(row.version),
            expert_day_rates::updated_at.eq(row.updated_at),
            expert_day_rates::updated_by.eq(&row.updated_by),
        ))
        .execute(conn)?
    } else {
        diesel::insert_into(expert_day_rates::table)
            .values(row)
            .execute(conn)?
    })
}

pub fn delete_day_rate(conn: &mut DbConnection, year: i32) -> Result<(), StoreError> {
    diesel::delete(expert_day_rates::table.filter(expert_day_rates::year.eq(year)))
        .execute(conn)?;
    Ok(())
}
