//! Exchange rates and expert-day rates: yearly figures admins set, which the reports
//! convert amounts and in-kind contributions with. Everyone with a token reads them. A
//! rate is absent until set (version 0): a report that needs it says which one it lacks.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::auth::Caller;
use crate::db::DbConnection;
use crate::domain::decimal::{format_fixed, format_trimmed, parse_scaled};
use crate::domain::money::currency_scale;
use crate::error::{ApiError, FieldError};
use crate::l10n::Message;
use crate::msg;
use crate::pagination::{Cursors, page_size};
use crate::store::rates::{self as store, ExchangeRateRow, ExpertDayRateRow};
use crate::store::{now, to_utc};
use crate::validation::Violations;

/// Rates are kept in millionths of a unit.
pub const RATE_SCALE: u32 = 6;
/// The years a rate may be set for.
pub const YEARS: std::ops::RangeInclusive<i32> = 1950..=2100;
/// The most rows one CSV upload sets.
pub const MAX_CSV_ROWS: usize = 10_000;
const CURSOR_KIND: &str = "exchange_rates";
/// The currency every rate is quoted against.
pub const USD: &str = "USD";

/// A yearly exchange rate as an admin sets it.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"units_per_usd": "915.95"}))]
pub struct ExchangeRateInput {
    /// Units of the currency one US dollar buys, on average over the year (as the OECD
    /// quotes its annual exchange rates): a positive decimal string with at most 6
    /// decimals. Amounts in USD are the amount divided by it.
    #[schema(
        max_length = 20,
        pattern = r"^[0-9]{1,12}(\.[0-9]{1,6})?$",
        example = "915.95"
    )]
    #[validate(length(max = 20))]
    pub units_per_usd: String,
}

/// A yearly exchange rate.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"year": 2025, "currency": "ARS", "units_per_usd": "915.95", "version": 1,
    "updated_at": "2026-01-10T12:00:00Z", "updated_by": "admin"}))]
pub struct ExchangeRate {
    #[schema(minimum = 1950, maximum = 2100)]
    pub year: i32,
    /// ISO 4217 code (never USD: its rate is 1).
    pub currency: String,
    /// Units of the currency per US dollar.
    pub units_per_usd: String,
    /// Incremented by every change; also the `ETag`.
    pub version: i64,
    pub updated_at: DateTime<Utc>,
    /// The admin who set it (the token's subject).
    pub updated_by: String,
}

/// A page of exchange rates, by year then currency.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExchangeRatePage {
    pub items: Vec<ExchangeRate>,
    /// The `cursor` of the next page; null on the last.
    #[schema(required = true)]
    pub next_cursor: Option<String>,
}

/// What a CSV upload did.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"created": 12, "updated": 3, "unchanged": 40}))]
pub struct RateUpload {
    /// Rates that were not set before.
    pub created: usize,
    /// Rates given a new value (and version).
    pub updated: usize,
    /// Rates given their current value again (their version kept).
    pub unchanged: usize,
}

/// What an expert's day of work is worth in a year.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"amount": "350.00", "currency": "USD"}))]
pub struct ExpertDayRateInput {
    /// A positive decimal string with at most the currency's minor-unit digits.
    #[schema(
        max_length = 18,
        pattern = r"^[0-9]{1,13}(\.[0-9]{1,4})?$",
        example = "350.00"
    )]
    #[validate(length(max = 18))]
    pub amount: String,
    /// ISO 4217 code; reports convert it to USD at the year's exchange rate.
    #[schema(min_length = 3, max_length = 3, example = "USD")]
    #[validate(length(max = 3))]
    pub currency: String,
}

/// The value of an expert's day in a year.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"year": 2025, "amount": "350.00", "currency": "USD", "version": 1,
    "updated_at": "2026-01-10T12:00:00Z", "updated_by": "admin"}))]
pub struct ExpertDayRate {
    #[schema(minimum = 1950, maximum = 2100)]
    pub year: i32,
    pub amount: String,
    pub currency: String,
    /// Incremented by every change; also the `ETag`.
    pub version: i64,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
}

/// Every expert-day rate, by year.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExpertDayRateList {
    pub items: Vec<ExpertDayRate>,
}

/// The year of a path: a number (400) in [`YEARS`] (422).
pub fn parse_year(text: &str) -> Result<i32, ApiError> {
    let year: i32 = text
        .parse()
        .map_err(|_| ApiError::bad_parameter("year", msg!("year-malformed")))?;
    check_year(year).map_err(|message| ApiError::unprocessable_parameter("year", message))?;
    Ok(year)
}

fn check_year(year: i32) -> Result<(), Message> {
    if YEARS.contains(&year) {
        Ok(())
    } else {
        Err(msg!(
            "year-outside",
            year = year.to_string(),
            first = YEARS.start().to_string(),
            last = YEARS.end().to_string()
        ))
    }
}

/// A currency a rate may be set for: an active ISO 4217 code other than USD.
fn check_rate_currency(code: &str) -> Result<(), Message> {
    if code == USD {
        return Err(msg!("rate-of-usd"));
    }
    currency_scale(code).map(|_| ())
}

/// The currency of a path (422 when it cannot have a rate).
pub fn parse_currency(text: &str) -> Result<String, ApiError> {
    check_rate_currency(text)
        .map_err(|message| ApiError::unprocessable_parameter("currency", message))?;
    Ok(text.to_owned())
}

fn parse_rate(text: &str) -> Result<i64, Message> {
    let micro = parse_scaled(text, RATE_SCALE)?;
    if micro == 0 {
        return Err(msg!("rate-above-zero"));
    }
    Ok(micro)
}

fn rate_of(row: ExchangeRateRow) -> ExchangeRate {
    ExchangeRate {
        year: row.year,
        currency: row.currency,
        units_per_usd: format_trimmed(row.units_per_usd_micro, RATE_SCALE),
        version: row.version,
        updated_at: to_utc(row.updated_at),
        updated_by: row.updated_by,
    }
}

fn day_rate_of(row: ExpertDayRateRow) -> Result<ExpertDayRate, ApiError> {
    let scale = currency_scale(&row.currency).unwrap_or(2);
    Ok(ExpertDayRate {
        year: row.year,
        amount: format_fixed(row.amount_minor, scale),
        currency: row.currency,
        version: row.version,
        updated_at: to_utc(row.updated_at),
        updated_by: row.updated_by,
    })
}

/// 412 unless the stored version (0: none) is one the client named.
fn check_version(expected: &[i64], current: i64) -> Result<(), ApiError> {
    if expected.contains(&current) {
        Ok(())
    } else {
        Err(ApiError::stale_version(current))
    }
}

pub fn list_rates(
    conn: &mut DbConnection,
    year: Option<i32>,
    currency: Option<&str>,
    limit: Option<u32>,
    cursor: Option<&str>,
    cursors: &Cursors,
) -> Result<ExchangeRatePage, ApiError> {
    let limit = page_size(limit)?;
    let after = cursor
        .map(|c| cursors.decode::<(i32, String)>(CURSOR_KIND, c))
        .transpose()?;
    let rows = store::list_rates(conn, year, currency, after, limit)?;
    let (rows, next_cursor) = cursors.paginate(rows, limit, CURSOR_KIND, |row| {
        (row.year, row.currency.clone())
    });
    Ok(ExchangeRatePage {
        items: rows.into_iter().map(rate_of).collect(),
        next_cursor,
    })
}

fn missing_rate(year: i32, currency: &str) -> ApiError {
    ApiError::not_found(msg!(
        "exchange-rate-not-found",
        currency = currency,
        year = year.to_string()
    ))
}

pub fn read_rate(
    conn: &mut DbConnection,
    year: i32,
    currency: &str,
) -> Result<ExchangeRate, ApiError> {
    store::find_rate(conn, year, currency)?
        .map(rate_of)
        .ok_or_else(|| missing_rate(year, currency))
}

/// Set one rate; `expected` are the versions `If-Match` named (`"0"`: not set yet).
/// The same value again keeps the version. Whether it was created, and the rate.
pub fn put_rate(
    conn: &mut DbConnection,
    caller: &Caller,
    year: i32,
    currency: &str,
    expected: &[i64],
    input: ExchangeRateInput,
) -> Result<(bool, ExchangeRate), ApiError> {
    let micro = parse_rate(&input.units_per_usd)
        .map_err(|message| ApiError::validation(vec![FieldError::at("/units_per_usd", message)]))?;
    let current = store::find_rate(conn, year, currency)?;
    check_version(expected, current.as_ref().map_or(0, |r| r.version))?;
    let (outcome, row) = save_rate(conn, caller, year, currency, micro, current)?;
    Ok((outcome == Outcome::Created, rate_of(row)))
}

#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    Created,
    Updated,
    Unchanged,
}

fn save_rate(
    conn: &mut DbConnection,
    caller: &Caller,
    year: i32,
    currency: &str,
    micro: i64,
    current: Option<ExchangeRateRow>,
) -> Result<(Outcome, ExchangeRateRow), ApiError> {
    if let Some(current) = &current
        && current.units_per_usd_micro == micro
    {
        return Ok((Outcome::Unchanged, current.clone()));
    }
    let row = ExchangeRateRow {
        year,
        currency: currency.to_owned(),
        units_per_usd_micro: micro,
        version: current.as_ref().map_or(1, |r| r.version + 1),
        updated_at: now(),
        updated_by: caller.sub.clone(),
    };
    let previous = current.as_ref().map(|r| r.version);
    if store::save_rate(conn, &row, previous)? == 0 {
        return Err(ApiError::changed_concurrently());
    }
    let outcome = if previous.is_some() {
        Outcome::Updated
    } else {
        Outcome::Created
    };
    Ok((outcome, row))
}

pub fn delete_rate(
    conn: &mut DbConnection,
    year: i32,
    currency: &str,
    expected: &[i64],
) -> Result<(), ApiError> {
    let current =
        store::find_rate(conn, year, currency)?.ok_or_else(|| missing_rate(year, currency))?;
    check_version(expected, current.version)?;
    store::delete_rate(conn, year, currency)?;
    Ok(())
}

/// One row of an upload, checked.
struct UploadRow {
    year: i32,
    currency: String,
    micro: i64,
}

/// Read a CSV of rates (`year,currency,units_per_usd`, a header first): every problem at
/// its pointer `/<row>/<column>` (rows counted from 0 after the header).
fn parse_csv(body: &[u8]) -> Result<Vec<UploadRow>, ApiError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(body);
    let headers = reader
        .headers()
        .map_err(|e| ApiError::bad_request(msg!("csv-unreadable", reason = e.to_string())))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (Some(year_at), Some(currency_at), Some(rate_at)) =
        (column("year"), column("currency"), column("units_per_usd"))
    else {
        return Err(ApiError::validation(vec![FieldError::at(
            "",
            msg!(
                "rates-csv-header",
                got = format!("{:?}", headers.iter().collect::<Vec<_>>().join(","))
            ),
        )]));
    };
    let mut violations = Violations::new();
    let mut rows = Vec::new();
    let mut seen = HashSet::new();
    for (index, record) in reader.records().enumerate() {
        if index >= MAX_CSV_ROWS {
            return Err(ApiError::validation(vec![FieldError::at(
                format!("/{index}"),
                msg!("rates-csv-too-many", max = MAX_CSV_ROWS),
            )]));
        }
        let record = record
            .map_err(|e| ApiError::bad_request(msg!("csv-unreadable", reason = e.to_string())))?;
        let field = |at: usize| record.get(at).unwrap_or("");
        let year = match field(year_at).parse::<i32>() {
            Ok(year) => check_year(year).map(|()| year),
            Err(_) => Err(msg!(
                "year-malformed-got",
                got = format!("{:?}", field(year_at))
            )),
        };
        let currency = field(currency_at).to_owned();
        let checked_currency = check_rate_currency(&currency);
        let micro = parse_rate(field(rate_at));
        let mut problem = false;
        for (name, result) in [
            ("year", year.as_ref().err()),
            ("currency", checked_currency.as_ref().err()),
            ("units_per_usd", micro.as_ref().err()),
        ] {
            if let Some(message) = result {
                violations.add(format!("/{index}/{name}"), message.clone());
                problem = true;
            }
        }
        if let (false, Ok(year), Ok(micro)) = (problem, year, micro) {
            if !seen.insert((year, currency.clone())) {
                violations.add(
                    format!("/{index}/currency"),
                    msg!(
                        "rate-given-twice",
                        currency = currency.as_str(),
                        year = year.to_string()
                    ),
                );
                continue;
            }
            rows.push(UploadRow {
                year,
                currency,
                micro,
            });
        }
    }
    violations.into_result()?;
    Ok(rows)
}

/// Set every rate a CSV gives, all or none: a problem anywhere changes nothing.
pub fn upload_csv(
    conn: &mut DbConnection,
    caller: &Caller,
    body: &[u8],
) -> Result<RateUpload, ApiError> {
    let rows = parse_csv(body)?;
    let mut report = RateUpload {
        created: 0,
        updated: 0,
        unchanged: 0,
    };
    for row in rows {
        let current = store::find_rate(conn, row.year, &row.currency)?;
        match save_rate(conn, caller, row.year, &row.currency, row.micro, current)?.0 {
            Outcome::Created => report.created += 1,
            Outcome::Updated => report.updated += 1,
            Outcome::Unchanged => report.unchanged += 1,
        }
    }
    Ok(report)
}

pub fn list_day_rates(conn: &mut DbConnection) -> Result<ExpertDayRateList, ApiError> {
    Ok(ExpertDayRateList {
        items: store::list_day_rates(conn)?
            .into_iter()
            .map(day_rate_of)
            .collect::<Result<_, _>>()?,
    })
}

fn missing_day_rate(year: i32) -> ApiError {
    ApiError::not_found(msg!("expert-day-rate-not-found", year = year.to_string()))
}

pub fn read_day_rate(conn: &mut DbConnection, year: i32) -> Result<ExpertDayRate, ApiError> {
    day_rate_of(store::find_day_rate(conn, year)?.ok_or_else(|| missing_day_rate(year))?)
}

/// Set the expert-day rate of a year, as [`put_rate`].
pub fn put_day_rate(
    conn: &mut DbConnection,
    caller: &Caller,
    year: i32,
    expected: &[i64],
    input: ExpertDayRateInput,
) -> Result<(bool, ExpertDayRate), ApiError> {
    let mut violations = Violations::new();
    let amount = match currency_scale(&input.currency) {
        Err(message) => {
            violations.add("/currency", message);
            None
        }
        Ok(scale) => match parse_scaled(&input.amount, scale) {
            Ok(0) => {
                violations.add("/amount", msg!("rate-above-zero"));
                None
            }
            Ok(minor) => Some(minor),
            Err(message) => {
                violations.add("/amount", message);
                None
            }
        },
    };
    violations.into_result()?;
    let amount_minor = amount.expect("checked");
    let current = store::find_day_rate(conn, year)?;
    check_version(expected, current.as_ref().map_or(0, |r| r.version))?;
    if let Some(current) = &current
        && current.amount_minor == amount_minor
        && current.currency == input.currency
    {
        return Ok((false, day_rate_of(current.clone())?));
    }
    let row = ExpertDayRateRow {
        year,
        amount_minor,
        currency: input.currency,
        version: current.as_ref().map_or(1, |r| r.version + 1),
        updated_at: now(),
        updated_by: caller.sub.clone(),
    };
    let previous = current.as_ref().map(|r| r.version);
    if store::save_day_rate(conn, &row, previous)? == 0 {
        return Err(ApiError::changed_concurrently());
    }
    Ok((previous.is_none(), day_rate_of(row)?))
}

pub fn delete_day_rate(
    conn: &mut DbConnection,
    year: i32,
    expected: &[i64],
) -> Result<(), ApiError> {
    let current = store::find_day_rate(conn, year)?.ok_or_else(|| missing_day_rate(year))?;
    check_version(expected, current.version)?;
    store::delete_day_rate(conn, year)?;
    Ok(())
}

/// The rates of some years, for converting amounts to US dollars.
pub struct RateTable {
    /// (year, currency) → millionths of a unit per USD.
    rates: BTreeMap<(i32, String), i64>,
    /// year → (minor units, currency) of an expert's day.
    day_rates: BTreeMap<i32, (i64, String)>,
}

/// A rate a conversion needed and the table lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MissingRate {
    Exchange { currency: String, year: i32 },
    ExpertDay { year: i32 },
}

impl MissingRate {
    /// The 422 a report answers: which rate to set, and where.
    pub fn into_error(self) -> ApiError {
        match self {
            MissingRate::Exchange { currency, year } => ApiError::unprocessable_parameter(
                "year",
                msg!(
                    "exchange-rate-missing",
                    currency = currency,
                    year = year.to_string()
                ),
            ),
            MissingRate::ExpertDay { year } => ApiError::unprocessable_parameter(
                "year",
                msg!("expert-day-rate-missing", year = year.to_string()),
            ),
        }
    }
}

impl RateTable {
    pub fn load(conn: &mut DbConnection, years: &[i32]) -> Result<Self, ApiError> {
        let rates = store::rates_of_years(conn, years)?
            .into_iter()
            .map(|r| ((r.year, r.currency), r.units_per_usd_micro))
            .collect();
        let day_rates = store::list_day_rates(conn)?
            .into_iter()
            .filter(|r| years.contains(&r.year))
            .map(|r| (r.year, (r.amount_minor, r.currency)))
            .collect();
        Ok(RateTable { rates, day_rates })
    }

    /// `minor` units of `currency` in millionths of a US dollar at `year`'s rate
    /// (rounded half away from zero).
    pub fn to_usd_micro(
        &self,
        minor: i128,
        currency: &str,
        year: i32,
    ) -> Result<i128, MissingRate> {
        let scale = currency_scale(currency).unwrap_or(2);
        // minor / 10^scale units; units / (rate_micro / 10^6) USD; in 10^-6 USD:
        // minor * 10^12 / (10^scale * rate_micro).
        let numerator = minor * 10i128.pow(12);
        if currency == USD {
            return Ok(crate::domain::decimal::divide_rounded(
                numerator,
                10i128.pow(scale) * 1_000_000,
            ));
        }
        let rate = self
            .rates
            .get(&(year, currency.to_owned()))
            .ok_or_else(|| MissingRate::Exchange {
                currency: currency.to_owned(),
                year,
            })?;
        Ok(crate::domain::decimal::divide_rounded(
            numerator,
            10i128.pow(scale) * i128::from(*rate),
        ))
    }

    /// `days` of expert work in `year`, in millionths of a US dollar.
    pub fn expert_days_usd_micro(&self, days: i64, year: i32) -> Result<i128, MissingRate> {
        let (minor, currency) = self
            .day_rates
            .get(&year)
            .ok_or(MissingRate::ExpertDay { year })?;
        self.to_usd_micro(i128::from(*minor) * i128::from(days), currency, year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_problems_are_reported_at_their_row_and_column() {
        let body = b"year,currency,units_per_usd\n2025,ARS,915.95\n1900,XXQ,0\n2025,ARS,1\n";
        let error = parse_csv(body).err().expect("refused");
        let pointers: Vec<_> = error
            .document()
            .errors
            .iter()
            .filter_map(|e| e.pointer.clone())
            .collect();
        assert_eq!(
            pointers,
            ["/1/currency", "/1/units_per_usd", "/1/year", "/2/currency"]
        );
    }

    #[test]
    fn amounts_convert_exactly_at_the_year_rate() {
        let table = RateTable {
            rates: [((2025, "ARS".to_owned()), 1_000_000_000)].into(),
            day_rates: [(2025, (35_000, "USD".to_owned()))].into(),
        };
        // 1,000,000.00 ARS at 1000 per USD is 1000 USD.
        assert_eq!(
            table.to_usd_micro(100_000_000, "ARS", 2025),
            Ok(1_000_000_000)
        );
        assert_eq!(table.to_usd_micro(150, "USD", 2025), Ok(1_500_000));
        assert_eq!(
            table.to_usd_micro(1, "BRL", 2025),
            Err(MissingRate::Exchange {
                currency: "BRL".into(),
                year: 2025
            })
        );
        assert_eq!(table.expert_days_usd_micro(10, 2025), Ok(3_500_000_000));
        assert_eq!(
            table.expert_days_usd_micro(10, 2024),
            Err(MissingRate::ExpertDay { year: 2024 })
        );
    }
}
