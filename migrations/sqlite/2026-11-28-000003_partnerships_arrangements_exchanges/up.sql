-- Partnerships, triangular arrangements and policy exchanges. Like projects: scalar
-- fields and child collections in tables (filters, statistics), the API's JSON in
-- `representation`, written together in one transaction; `created_seq` and
-- `last_change_seq` keep list pages consistent while records change.

CREATE TABLE partnerships (
    id              TEXT PRIMARY KEY NOT NULL,
    title           TEXT NOT NULL,
    scope           TEXT NOT NULL,
    space           TEXT,
    instrument      TEXT NOT NULL,
    signed_on       DATE,
    valid_from      DATE,
    valid_until     DATE,
    status          TEXT NOT NULL,
    visibility      TEXT NOT NULL,
    search_text     TEXT NOT NULL,
    representation  TEXT NOT NULL,
    version         BIGINT NOT NULL,
    created_seq     BIGINT NOT NULL,
    last_change_seq BIGINT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    created_by      TEXT NOT NULL,
    updated_by      TEXT NOT NULL
);
CREATE INDEX partnerships_updated ON partnerships (updated_at, id);
CREATE INDEX partnerships_last_change ON partnerships (last_change_seq);

CREATE TABLE partnership_parties (
    partnership_id  TEXT NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    role            TEXT NOT NULL,
    PRIMARY KEY (partnership_id, position)
) WITHOUT ROWID;
CREATE INDEX partnership_parties_org ON partnership_parties (organisation_id, partnership_id);

CREATE TABLE partnership_sectors (
    partnership_id TEXT NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    code           TEXT NOT NULL,
    PRIMARY KEY (partnership_id, position)
) WITHOUT ROWID;

CREATE TABLE triangular_arrangements (
    id              TEXT PRIMARY KEY NOT NULL,
    title           TEXT NOT NULL,
    agreement_kind  TEXT NOT NULL,
    signed_on       DATE,
    valid_from      DATE,
    valid_until     DATE,
    status          TEXT NOT NULL,
    visibility      TEXT NOT NULL,
    search_text     TEXT NOT NULL,
    representation  TEXT NOT NULL,
    version         BIGINT NOT NULL,
    created_seq     BIGINT NOT NULL,
    last_change_seq BIGINT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    created_by      TEXT NOT NULL,
    updated_by      TEXT NOT NULL
);
CREATE INDEX triangular_arrangements_updated ON triangular_arrangements (updated_at, id);
CREATE INDEX triangular_arrangements_last_change ON triangular_arrangements (last_change_seq);

CREATE TABLE arrangement_parties (
    arrangement_id  TEXT NOT NULL REFERENCES triangular_arrangements (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    role            TEXT NOT NULL,
    PRIMARY KEY (arrangement_id, position)
) WITHOUT ROWID;
CREATE INDEX arrangement_parties_org ON arrangement_parties (organisation_id, arrangement_id);

CREATE TABLE arrangement_costs (
    arrangement_id  TEXT NOT NULL REFERENCES triangular_arrangements (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    amount_minor    BIGINT,
    currency        TEXT,
    expert_days     INTEGER,
    PRIMARY KEY (arrangement_id, position)
) WITHOUT ROWID;

CREATE TABLE policy_exchanges (
    id                 TEXT PRIMARY KEY NOT NULL,
    title              TEXT NOT NULL,
    policy_area        TEXT NOT NULL,
    policy_category    TEXT NOT NULL,
    format             TEXT NOT NULL,
    start_date         DATE NOT NULL,
    start_year         INTEGER NOT NULL,
    end_date           DATE NOT NULL,
    host_country       TEXT,
    participants_total INTEGER,
    participants_women INTEGER,
    expert_days        INTEGER,
    status             TEXT NOT NULL,
    project_id         TEXT REFERENCES projects (id),
    partnership_id     TEXT REFERENCES partnerships (id),
    visibility         TEXT NOT NULL,
    search_text        TEXT NOT NULL,
    representation     TEXT NOT NULL,
    version            BIGINT NOT NULL,
    created_seq        BIGINT NOT NULL,
    last_change_seq    BIGINT NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    created_by         TEXT NOT NULL,
    updated_by         TEXT NOT NULL
);
CREATE INDEX policy_exchanges_updated ON policy_exchanges (updated_at, id);
CREATE INDEX policy_exchanges_last_change ON policy_exchanges (last_change_seq);
CREATE INDEX policy_exchanges_project ON policy_exchanges (project_id);
CREATE INDEX policy_exchanges_partnership ON policy_exchanges (partnership_id);

CREATE TABLE exchange_organisations (
    exchange_id     TEXT NOT NULL REFERENCES policy_exchanges (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    -- offering or receiving
    side            TEXT NOT NULL,
    PRIMARY KEY (exchange_id, position)
) WITHOUT ROWID;
CREATE INDEX exchange_organisations_org ON exchange_organisations (organisation_id, exchange_id);

CREATE TABLE exchange_sdg_goals (
    exchange_id TEXT NOT NULL REFERENCES policy_exchanges (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    goal        INTEGER NOT NULL,
    PRIMARY KEY (exchange_id, position)
) WITHOUT ROWID;
