-- Each project's results (IATI result and indicator), one versioned document per project
-- that partners report actuals into without re-sending the project.
CREATE TABLE project_results (
    project_id     TEXT NOT NULL PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    version        BIGINT NOT NULL,
    representation TEXT NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    updated_by     TEXT NOT NULL
);

-- One row per indicator, for statistics: its result's type, its measure and its progress
-- from baseline to target at the latest period with both a target and an actual value,
-- in hundredths of a percent (null where the measure or the values allow none).
CREATE TABLE project_indicators (
    project_id  TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    result_type INTEGER NOT NULL,
    measure     INTEGER NOT NULL,
    progress    BIGINT,
    PRIMARY KEY (project_id, position)
);
CREATE INDEX project_indicators_type ON project_indicators (result_type, project_id);
