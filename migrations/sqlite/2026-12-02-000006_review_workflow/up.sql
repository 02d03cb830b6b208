-- Review workflow: every cooperation record has a review status, and keeps the
-- representation of its last approved version beside the current one (what readers who
-- may see only approved content read: one indexed row). The record's own columns and
-- child rows (filters, statistics, who may read it) hold the approved content when there
-- is one; a pending edit lives in `representation` until it is approved.
-- Existing records counted at once before: they become approved as they are.
ALTER TABLE projects ADD COLUMN review_status TEXT NOT NULL DEFAULT 'approved';
ALTER TABLE projects ADD COLUMN approved_version BIGINT;
ALTER TABLE projects ADD COLUMN approved_representation TEXT;
ALTER TABLE partnerships ADD COLUMN review_status TEXT NOT NULL DEFAULT 'approved';
ALTER TABLE partnerships ADD COLUMN approved_version BIGINT;
ALTER TABLE partnerships ADD COLUMN approved_representation TEXT;
ALTER TABLE triangular_arrangements ADD COLUMN review_status TEXT NOT NULL DEFAULT 'approved';
ALTER TABLE triangular_arrangements ADD COLUMN approved_version BIGINT;
ALTER TABLE triangular_arrangements ADD COLUMN approved_representation TEXT;
ALTER TABLE policy_exchanges ADD COLUMN review_status TEXT NOT NULL DEFAULT 'approved';
ALTER TABLE policy_exchanges ADD COLUMN approved_version BIGINT;
ALTER TABLE policy_exchanges ADD COLUMN approved_representation TEXT;

UPDATE projects SET representation = json_set(representation, '$.review_status', 'approved', '$.approved_version', version);
UPDATE partnerships SET representation = json_set(representation, '$.review_status', 'approved', '$.approved_version', version);
UPDATE triangular_arrangements SET representation = json_set(representation, '$.review_status', 'approved', '$.approved_version', version);
UPDATE policy_exchanges SET representation = json_set(representation, '$.review_status', 'approved', '$.approved_version', version);
UPDATE projects SET approved_version = version, approved_representation = representation;
UPDATE partnerships SET approved_version = version, approved_representation = representation;
UPDATE triangular_arrangements SET approved_version = version, approved_representation = representation;
UPDATE policy_exchanges SET approved_version = version, approved_representation = representation;

-- What awaits review, newest first, per kind.
CREATE INDEX projects_review ON projects (review_status, updated_at, id);
CREATE INDEX partnerships_review ON partnerships (review_status, updated_at, id);
CREATE INDEX triangular_arrangements_review ON triangular_arrangements (review_status, updated_at, id);
CREATE INDEX policy_exchanges_review ON policy_exchanges (review_status, updated_at, id);

-- A review transition's comment (required when a record is returned).
ALTER TABLE changes ADD COLUMN comment TEXT;
