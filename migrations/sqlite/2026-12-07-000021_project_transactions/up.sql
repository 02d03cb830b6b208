-- Each project's transactions (IATI's: commitments, disbursements, expenditures, incoming
-- funds): one versioned document per project, as its results and activities are (issue 23).
CREATE TABLE project_transactions (
    project_id     TEXT NOT NULL PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    version        BIGINT NOT NULL,
    representation TEXT NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    updated_by     TEXT NOT NULL
);

-- One row per transaction, for execution figures and reports: its IATI type code, date and
-- year, value in the currency's minor units, and the organisations of the project that
-- provide and receive it (null for an outside organisation, or none).
CREATE TABLE project_transaction_items (
    project_id               TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position                 INTEGER NOT NULL,
    transaction_type         INTEGER NOT NULL,
    transaction_date         DATE NOT NULL,
    year                     INTEGER NOT NULL,
    value_minor              BIGINT NOT NULL,
    currency                 TEXT NOT NULL,
    provider_organisation_id TEXT,
    receiver_organisation_id TEXT,
    PRIMARY KEY (project_id, position)
);
