-- Cooperation requests: a partner's demand (issue 22), a reviewed cooperation record with
-- the shared columns, its own (the pipeline's status, channel, priority, the requesting
-- organisation's country, the project formulated from it), child rows for filters and
-- matching, and the directorate's internal assessment (consultations and notes), kept
-- apart from the record so that no representation, change record or export carries it.
CREATE TABLE cooperation_requests (
    id                      TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    title                   TEXT COLLATE "C" NOT NULL,
    status                  TEXT COLLATE "C" NOT NULL,
    channel                 TEXT COLLATE "C" NOT NULL,
    priority                TEXT,
    country_code            TEXT,
    project_id              TEXT,
    desired_start_from      DATE,
    desired_start_to        DATE,
    visibility              TEXT COLLATE "C" NOT NULL,
    search_text             TEXT COLLATE "C" NOT NULL,
    representation          TEXT COLLATE "C" NOT NULL,
    version                 BIGINT NOT NULL,
    created_seq             BIGINT NOT NULL,
    last_change_seq         BIGINT NOT NULL,
    created_at              TIMESTAMP NOT NULL,
    updated_at              TIMESTAMP NOT NULL,
    created_by              TEXT COLLATE "C" NOT NULL,
    updated_by              TEXT COLLATE "C" NOT NULL,
    review_status           TEXT COLLATE "C" NOT NULL,
    approved_version        BIGINT,
    approved_representation TEXT
);
CREATE INDEX cooperation_requests_updated ON cooperation_requests (updated_at, id);
CREATE INDEX cooperation_requests_last_change ON cooperation_requests (last_change_seq);
CREATE INDEX cooperation_requests_review ON cooperation_requests (review_status, updated_at, id);
CREATE INDEX cooperation_requests_status ON cooperation_requests (status, updated_at, id);
CREATE INDEX cooperation_requests_country ON cooperation_requests (country_code);
CREATE INDEX cooperation_requests_project ON cooperation_requests (project_id);

CREATE TABLE cooperation_request_organisations (
    request_id      TEXT COLLATE "C" NOT NULL REFERENCES cooperation_requests (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    organisation_id TEXT COLLATE "C" NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (request_id, position)
);
CREATE INDEX cooperation_request_organisations_org ON cooperation_request_organisations (organisation_id, request_id);

CREATE TABLE cooperation_request_sectors (
    request_id TEXT COLLATE "C" NOT NULL REFERENCES cooperation_requests (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    code       TEXT COLLATE "C" NOT NULL,
    category   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (request_id, position)
);
CREATE INDEX cooperation_request_sectors_code ON cooperation_request_sectors (code, request_id);
CREATE INDEX cooperation_request_sectors_category ON cooperation_request_sectors (category, request_id);

CREATE TABLE cooperation_request_sdg_targets (
    request_id TEXT COLLATE "C" NOT NULL REFERENCES cooperation_requests (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    target     TEXT COLLATE "C" NOT NULL,
    goal       INTEGER NOT NULL,
    PRIMARY KEY (request_id, position)
);
CREATE INDEX cooperation_request_sdg_targets_goal ON cooperation_request_sdg_targets (goal, request_id);

CREATE TABLE cooperation_request_formats (
    request_id TEXT COLLATE "C" NOT NULL REFERENCES cooperation_requests (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    format     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (request_id, position)
);
CREATE INDEX cooperation_request_formats_format ON cooperation_request_formats (format, request_id);

CREATE TABLE cooperation_request_languages (
    request_id TEXT COLLATE "C" NOT NULL REFERENCES cooperation_requests (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    language   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (request_id, position)
);
CREATE INDEX cooperation_request_languages_language ON cooperation_request_languages (language, request_id);

-- The directorate's assessment: consultations of institutions and internal notes,
-- append-only, never in a representation, a change record or an export. The consulted
-- organisation is checked when written, not referenced (an organisation's delete is not
-- held up by a note about it).
CREATE TABLE cooperation_request_notes (
    id              TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    request_id      TEXT COLLATE "C" NOT NULL REFERENCES cooperation_requests (id) ON DELETE CASCADE,
    note_kind       TEXT COLLATE "C" NOT NULL,
    organisation_id TEXT,
    asked_on        DATE,
    answer          TEXT,
    comment         TEXT,
    created_at      TIMESTAMP NOT NULL,
    created_by      TEXT COLLATE "C" NOT NULL
);
CREATE INDEX cooperation_request_notes_request ON cooperation_request_notes (request_id, created_at, id);
