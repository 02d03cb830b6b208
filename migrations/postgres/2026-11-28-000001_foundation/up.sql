-- Text keys use the "C" collation so that ordering (and keyset pagination) is bytewise,
-- exactly as on SQLite, whatever the database's default collation.
CREATE TABLE organisations (
    id                TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    name              TEXT NOT NULL,
    acronym           TEXT,
    organisation_type TEXT COLLATE "C" NOT NULL,
    country_code      TEXT COLLATE "C",
    iati_identifier   TEXT COLLATE "C" UNIQUE,
    parent_id         TEXT COLLATE "C" REFERENCES organisations (id),
    sort_key          TEXT COLLATE "C" NOT NULL,
    search_text       TEXT COLLATE "C" NOT NULL,
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

CREATE TABLE changes (
    seq                   BIGSERIAL PRIMARY KEY,
    resource              TEXT NOT NULL,
    record_id             TEXT COLLATE "C" NOT NULL,
    action                TEXT NOT NULL,
    version               BIGINT NOT NULL,
    actor                 TEXT NOT NULL,
    actor_organisation_id TEXT COLLATE "C",
    at                    TIMESTAMP NOT NULL,
    changed_fields        TEXT NOT NULL,
    -- Who may read the record after and before the change: `public`, or `restricted:`
    -- followed by the organisations taking part. The change feed shows a change to
    -- callers in either audience (as a removal to those only in the previous one).
    audience              TEXT COLLATE "C" NOT NULL,
    previous_audience     TEXT COLLATE "C"
);
CREATE INDEX changes_record ON changes (record_id, seq);
