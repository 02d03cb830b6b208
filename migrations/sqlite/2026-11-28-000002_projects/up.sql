-- Projects: the unit of cooperation (an IATI activity). Child collections live in their
-- own tables (the authoritative copy, filterable); `representation` is the JSON the API
-- returns for the project, rendered from the same data in the same transaction as every
-- write, so that reads cost one row.
--
-- Child tables are WITHOUT ROWID (clustered on their primary key). Filters on child codes
-- run as EXISTS subqueries through that key, so SQLite gets no secondary indexes on them:
-- they would only slow writes down. (PostgreSQL, whose planner turns EXISTS into
-- semi-joins, has them.)
CREATE TABLE projects (
    id                        TEXT PRIMARY KEY NOT NULL,
    code                      TEXT NOT NULL UNIQUE,
    iati_identifier           TEXT UNIQUE,
    title                     TEXT NOT NULL,
    description               TEXT,
    objectives                TEXT,
    modality                  TEXT NOT NULL,
    instrument                TEXT NOT NULL,
    status                    INTEGER NOT NULL,
    visibility                TEXT NOT NULL,
    approval_date             DATE,
    planned_start             DATE NOT NULL,
    -- Year of planned_start, for statistics grouped by year on both backends.
    planned_start_year        INTEGER NOT NULL,
    planned_end               DATE NOT NULL,
    actual_start              DATE,
    actual_end                DATE,
    budget_amount_minor       BIGINT,
    budget_currency           TEXT,
    partnership_id            TEXT,
    triangular_arrangement_id TEXT,
    search_text               TEXT NOT NULL,
    representation            TEXT NOT NULL,
    version                   BIGINT NOT NULL,
    -- seq of the change that created the project and of its latest change: pagination
    -- uses them to keep pages consistent while records change between requests.
    created_seq               BIGINT NOT NULL,
    last_change_seq           BIGINT NOT NULL,
    created_at                TIMESTAMP NOT NULL,
    updated_at                TIMESTAMP NOT NULL,
    created_by                TEXT NOT NULL,
    updated_by                TEXT NOT NULL
);
CREATE INDEX projects_updated ON projects (updated_at, id);
CREATE INDEX projects_planned_start ON projects (planned_start, id);
CREATE INDEX projects_status ON projects (status, updated_at, id);
CREATE INDEX projects_partnership ON projects (partnership_id);
CREATE INDEX projects_arrangement ON projects (triangular_arrangement_id);
CREATE INDEX projects_last_change ON projects (last_change_seq);

-- The sort keys of every version, so that a page request can place a record where it
-- stood when the client's first page was served.
CREATE TABLE project_revisions (
    project_id    TEXT NOT NULL,
    seq           BIGINT NOT NULL,
    code          TEXT NOT NULL,
    planned_start DATE NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, seq)
) WITHOUT ROWID;

CREATE TABLE project_countries (
    project_id   TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    country_code TEXT NOT NULL,
    -- hundredths of a percent: 100% = 10000
    percentage   INTEGER NOT NULL,
    PRIMARY KEY (project_id, position)
) WITHOUT ROWID;

CREATE TABLE project_regions (
    project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    region_code TEXT NOT NULL,
    percentage  INTEGER NOT NULL,
    PRIMARY KEY (project_id, position)
) WITHOUT ROWID;

CREATE TABLE project_sectors (
    project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    sector_code TEXT NOT NULL,
    category    TEXT NOT NULL,
    -- True on a project's first sector of each category: statistics count a project once
    -- per category.
    first_of_category BOOLEAN NOT NULL,
    percentage  INTEGER NOT NULL,
    PRIMARY KEY (project_id, position)
) WITHOUT ROWID;

CREATE TABLE project_sdg_goals (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    goal       INTEGER NOT NULL,
    PRIMARY KEY (project_id, goal)
) WITHOUT ROWID;

CREATE TABLE project_sdg_targets (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    target     TEXT NOT NULL,
    PRIMARY KEY (project_id, position)
) WITHOUT ROWID;

CREATE TABLE project_participants (
    project_id      TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    role            TEXT NOT NULL,
    -- True on the first row of each organisation in a project (one organisation may hold
    -- several roles): statistics count a project once per organisation.
    first_of_organisation BOOLEAN NOT NULL,
    PRIMARY KEY (project_id, position)
) WITHOUT ROWID;
CREATE INDEX project_participants_org ON project_participants (organisation_id, role, project_id);

CREATE TABLE project_contributions (
    project_id      TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    amount_minor    BIGINT,
    currency        TEXT,
    expert_days     INTEGER,
    PRIMARY KEY (project_id, position)
) WITHOUT ROWID;
