-- Each project's activities (missions, courses, internships, ...) with their costs: one
-- versioned document per project, as its results are (issue 23).
CREATE TABLE project_activities (
    project_id     TEXT NOT NULL PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    version        BIGINT NOT NULL,
    representation TEXT NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    updated_by     TEXT NOT NULL
);

-- One row per activity, for execution figures: its kind, status, the year it starts
-- (actual, else planned) and its expert days.
CREATE TABLE project_activity_items (
    project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    status      TEXT NOT NULL,
    year        INTEGER NOT NULL,
    expert_days INTEGER NOT NULL,
    PRIMARY KEY (project_id, position)
);

-- One row per cost of an activity, for execution figures and reports: planned or
-- executed, in the currency's minor units, with who pays it.
CREATE TABLE project_activity_costs (
    project_id             TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position               INTEGER NOT NULL,
    activity               INTEGER NOT NULL,
    category               TEXT NOT NULL,
    executed               BOOLEAN NOT NULL,
    amount_minor           BIGINT NOT NULL,
    currency               TEXT NOT NULL,
    paying_organisation_id TEXT NOT NULL,
    year                   INTEGER NOT NULL,
    PRIMARY KEY (project_id, position)
);
