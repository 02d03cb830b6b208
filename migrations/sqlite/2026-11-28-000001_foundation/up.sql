-- Organisations: ministries, agencies, multilaterals, bloc secretariats, universities, NGOs.
CREATE TABLE organisations (
    id                TEXT PRIMARY KEY NOT NULL,
    name              TEXT NOT NULL,
    acronym           TEXT,
    organisation_type TEXT NOT NULL,
    country_code      TEXT,
    iati_identifier   TEXT UNIQUE,
    parent_id         TEXT REFERENCES organisations (id),
    -- Lower-cased, accent-free name: the list order and the target of `q`.
    sort_key          TEXT NOT NULL,
    search_text       TEXT NOT NULL,
    version           BIGINT NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    created_by        TEXT NOT NULL,
    updated_by        TEXT NOT NULL
);
CREATE INDEX organisations_sort ON organisations (sort_key, id);
CREATE INDEX organisations_type ON organisations (organisation_type, sort_key, id);
CREATE INDEX organisations_country ON organisations (country_code, sort_key, id);
CREATE INDEX organisations_parent ON organisations (parent_id);

-- Append-only change records: the history of every record and the order of the change feed.
CREATE TABLE changes (
    seq                   INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    resource              TEXT NOT NULL,
    record_id             TEXT NOT NULL,
    action                TEXT NOT NULL,
    version               BIGINT NOT NULL,
    actor                 TEXT NOT NULL,
    actor_organisation_id TEXT,
    at                    TIMESTAMP NOT NULL,
    changed_fields        TEXT NOT NULL,
    -- Who may read the record after and before the change: `public`, or `restricted:`
    -- followed by the organisations taking part. The change feed shows a change to
    -- callers in either audience (as a removal to those only in the previous one).
    audience              TEXT NOT NULL,
    previous_audience     TEXT
);
CREATE INDEX changes_record ON changes (record_id, seq);
