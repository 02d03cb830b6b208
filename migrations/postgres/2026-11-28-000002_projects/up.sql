-- Text keys use the "C" collation (bytewise ordering, as on SQLite).
-- Projects: the unit of cooperation (an IATI activity). Child collections live in their
-- own tables (filterable, indexed); `representation` is the JSON the API returns for the
-- project, rendered from the same data in the same transaction as every write, so that
-- reads cost one row.
CREATE TABLE projects (
    id                        TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    code                      TEXT COLLATE "C" NOT NULL UNIQUE,
    iati_identifier           TEXT COLLATE "C" UNIQUE,
    title                     TEXT NOT NULL,
    description               TEXT,
    objectives                TEXT,
    modality                  TEXT COLLATE "C" NOT NULL,
    instrument                TEXT COLLATE "C" NOT NULL,
    status                    INTEGER NOT NULL,
    visibility                TEXT COLLATE "C" NOT NULL,
    approval_date             DATE,
    planned_start             DATE NOT NULL,
    -- Year of planned_start, for statistics grouped by year on both backends.
    planned_start_year        INTEGER NOT NULL,
    planned_end               DATE NOT NULL,
    actual_start              DATE,
    actual_end                DATE,
    budget_amount_minor       BIGINT,
    budget_currency           TEXT COLLATE "C",
    partnership_id            TEXT COLLATE "C",
    triangular_arrangement_id TEXT COLLATE "C",
    search_text               TEXT COLLATE "C" NOT NULL,
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
CREATE INDEX projects_modality ON projects (modality, updated_at, id);
CREATE INDEX projects_partnership ON projects (partnership_id);
CREATE INDEX projects_arrangement ON projects (triangular_arrangement_id);
CREATE INDEX projects_last_change ON projects (last_change_seq);

-- The sort keys of every version, so that a page request can place a record where it
-- stood when the client's first page was served.
CREATE TABLE project_revisions (
    project_id    TEXT COLLATE "C" NOT NULL,
    seq           BIGINT NOT NULL,
    code          TEXT COLLATE "C" NOT NULL,
    planned_start DATE NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, seq)
);

CREATE TABLE project_countries (
    project_id   TEXT COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    country_code TEXT COLLATE "C" NOT NULL,
    -- hundredths of a percent: 100% = 10000
    percentage   INTEGER NOT NULL,
    PRIMARY KEY (project_id, position)
);
CREATE INDEX project_countries_code ON project_countries (country_code, project_id);

CREATE TABLE project_regions (
    project_id  TEXT COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    region_code TEXT COLLATE "C" NOT NULL,
    percentage  INTEGER NOT NULL,
    PRIMARY KEY (project_id, position)
);
CREATE INDEX project_regions_code ON project_regions (region_code, project_id);

CREATE TABLE project_sectors (
    project_id  TEXT COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    sector_code TEXT COLLATE "C" NOT NULL,
    category    TEXT COLLATE "C" NOT NULL,
    -- True on a project's first sector of each category: statistics count a project once
    -- per category.
    first_of_category BOOLEAN NOT NULL,
    percentage  INTEGER NOT NULL,
    PRIMARY KEY (project_id, position)
);
CREATE INDEX project_sectors_code ON project_sectors (sector_code, project_id);
CREATE INDEX project_sectors_category ON project_sectors (category, project_id);

CREATE TABLE project_sdg_goals (
    project_id TEXT COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    goal       INTEGER NOT NULL,
    PRIMARY KEY (project_id, goal)
);
CREATE INDEX project_sdg_goals_goal ON project_sdg_goals (goal, project_id);

CREATE TABLE project_sdg_targets (
    project_id TEXT COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    target     TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (project_id, position)
);

CREATE TABLE project_participants (
    project_id      TEXT COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    organisation_id TEXT COLLATE "C" NOT NULL REFERENCES organisations (id),
    role            TEXT COLLATE "C" NOT NULL,
    -- True on the first row of each organisation in a project (one organisation may hold
    -- several roles): statistics count a project once per organisation.
    first_of_organisation BOOLEAN NOT NULL,
    PRIMARY KEY (project_id, position)
);
CREATE INDEX project_participants_org ON project_participants (organisation_id, role, project_id);

CREATE TABLE project_contributions (
    project_id      TEXT COLLATE "C" NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    organisation_id TEXT COLLATE "C" NOT NULL REFERENCES organisations (id),
    amount_minor    BIGINT,
    currency        TEXT COLLATE "C",
    expert_days     INTEGER,
    PRIMARY KEY (project_id, position)
);
CREATE INDEX project_contributions_org ON project_contributions (organisation_id);
