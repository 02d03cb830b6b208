-- Drafts that do not yet meet their kind's rules (a half-filled form, an imported activity
-- that lacks what a record needs): the fields as given, what is missing or wrong, and who
-- may read them. They live apart from the records' tables, whose columns need complete
-- records, so lists, statistics, exports and the IATI file never see them. Once complete,
-- a draft moves to its kind's table under the same id.
CREATE TABLE incomplete_drafts (
    id            TEXT NOT NULL PRIMARY KEY,
    resource      TEXT NOT NULL,
    body          TEXT NOT NULL,
    completeness  TEXT NOT NULL,
    audience      TEXT NOT NULL,
    version       BIGINT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    created_by    TEXT NOT NULL,
    updated_by    TEXT NOT NULL
);
CREATE INDEX incomplete_drafts_resource ON incomplete_drafts (resource, updated_at);
