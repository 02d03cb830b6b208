-- Capacities: what an institution can share (issue 22), a reviewed cooperation record
-- with the shared columns, its own, and child rows for filters and matching. Projects
-- name the capacities they draw on (project_capacities): a capacity's track record.
CREATE TABLE capacities (
    id                      TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    title                   TEXT NOT NULL,
    status                  TEXT COLLATE "C" NOT NULL,
    typical_duration_days   INTEGER,
    experts_available       INTEGER,
    in_kind_expert_days     INTEGER,
    visibility              TEXT COLLATE "C" NOT NULL,
    search_text             TEXT COLLATE "C" NOT NULL,
    representation          TEXT NOT NULL,
    version                 BIGINT NOT NULL,
    created_seq             BIGINT NOT NULL,
    last_change_seq         BIGINT NOT NULL,
    created_at              TIMESTAMP NOT NULL,
    updated_at              TIMESTAMP NOT NULL,
    created_by              TEXT NOT NULL,
    updated_by              TEXT NOT NULL,
    review_status           TEXT COLLATE "C" NOT NULL,
    approved_version        BIGINT,
    approved_representation TEXT
);
CREATE INDEX capacities_updated ON capacities (updated_at, id);
CREATE INDEX capacities_last_change ON capacities (last_change_seq);
CREATE INDEX capacities_review ON capacities (review_status, updated_at, id);
CREATE INDEX capacities_title ON capacities (title);

CREATE TABLE capacity_organisations (
    capacity_id     TEXT COLLATE "C" NOT NULL REFERENCES capacities (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    organisation_id TEXT COLLATE "C" NOT NULL REFERENCES organisations (id),
    PRIMARY KEY (capacity_id, position)
);
CREATE INDEX capacity_organisations_org ON capacity_organisations (organisation_id, capacity_id);

CREATE TABLE capacity_sectors (
    capacity_id TEXT COLLATE "C" NOT NULL REFERENCES capacities (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    code        TEXT COLLATE "C" NOT NULL,
    category    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (capacity_id, position)
);
CREATE INDEX capacity_sectors_code ON capacity_sectors (code, capacity_id);
CREATE INDEX capacity_sectors_category ON capacity_sectors (category, capacity_id);

CREATE TABLE capacity_sdg_targets (
    capacity_id TEXT COLLATE "C" NOT NULL REFERENCES capacities (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    target      TEXT COLLATE "C" NOT NULL,
    goal        INTEGER NOT NULL,
    PRIMARY KEY (capacity_id, position)
);
CREATE INDEX capacity_sdg_targets_goal ON capacity_sdg_targets (goal, capacity_id);

CREATE TABLE capacity_formats (
    capacity_id TEXT COLLATE "C" NOT NULL REFERENCES capacities (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    format      TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (capacity_id, position)
);
CREATE INDEX capacity_formats_format ON capacity_formats (format, capacity_id);

CREATE TABLE capacity_languages (
    capacity_id TEXT COLLATE "C" NOT NULL REFERENCES capacities (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    language    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (capacity_id, position)
);
CREATE INDEX capacity_languages_language ON capacity_languages (language, capacity_id);

CREATE TABLE project_capacities (
    project_id  TEXT COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    capacity_id TEXT COLLATE "C" NOT NULL REFERENCES capacities (id),
    PRIMARY KEY (project_id, position)
);
CREATE INDEX project_capacities_capacity ON project_capacities (capacity_id, project_id);

-- Projects gain capacity_ids (none so far).
UPDATE projects SET representation = (representation::jsonb || jsonb_build_object('capacity_ids', '[]'::jsonb))::text WHERE representation IS NOT NULL;
UPDATE projects SET approved_representation = (approved_representation::jsonb || jsonb_build_object('capacity_ids', '[]'::jsonb))::text WHERE approved_representation IS NOT NULL;
