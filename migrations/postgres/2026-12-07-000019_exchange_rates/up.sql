-- Exchange rates and the daily rate of an expert's day, set by admins per year: what the
-- reports convert executed amounts and in-kind contributions with (issue 23). A report
-- that needs a rate the table lacks says so; it never guesses.

-- Units of the currency one US dollar buys on average in the year (the OECD's annual
-- exchange rates are quoted this way), in millionths: exact, never a float.
CREATE TABLE exchange_rates (
    year                INTEGER NOT NULL,
    currency            TEXT COLLATE "C" NOT NULL,
    units_per_usd_micro BIGINT NOT NULL,
    version             BIGINT NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    updated_by          TEXT NOT NULL,
    PRIMARY KEY (year, currency)
);

-- What one day of an expert's work is worth in the year (in-kind contributions are
-- valued at cost), in the currency's minor units.
CREATE TABLE expert_day_rates (
    year          INTEGER PRIMARY KEY NOT NULL,
    amount_minor  BIGINT NOT NULL,
    currency      TEXT NOT NULL,
    version       BIGINT NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    updated_by    TEXT NOT NULL
);
