-- Statistics group and sum narrow rows. A project's budget and whether everyone may read
-- it (`counts_publicly`: public and approved, what a reader of approved content counts)
-- are copied into each child row that statistics group by, with an index in the order
-- of the grouping, so that a statistic reads one index and never the wide project rows
-- (whose JSON representations made every fresh computation read the whole table).
-- The copies are written with the child rows, which every write that changes the
-- project's columns rewrites, in the same transaction.

-- The totals, and the groups by each of the project's own columns, read the same from
-- an index of `projects` (visibility and approved_version: who counts it; id: for the
-- partner scope).
CREATE INDEX projects_stats ON projects (visibility, budget_currency, approved_version, budget_amount_minor, id);
CREATE INDEX projects_stats_modality ON projects (visibility, modality, budget_currency, approved_version, budget_amount_minor, id);
CREATE INDEX projects_stats_status ON projects (visibility, status, budget_currency, approved_version, budget_amount_minor, id);
CREATE INDEX projects_stats_year ON projects (visibility, planned_start_year, budget_currency, approved_version, budget_amount_minor, id);

ALTER TABLE project_countries ADD COLUMN budget_currency TEXT;
ALTER TABLE project_countries ADD COLUMN budget_amount_minor BIGINT;
ALTER TABLE project_countries ADD COLUMN counts_publicly BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE project_countries c SET budget_currency = p.budget_currency, budget_amount_minor = p.budget_amount_minor, counts_publicly = (p.visibility = 'public' AND p.approved_version IS NOT NULL) FROM projects p WHERE p.id = c.project_id;
CREATE INDEX project_countries_stats ON project_countries (counts_publicly, country_code, budget_currency, budget_amount_minor);

ALTER TABLE project_regions ADD COLUMN budget_currency TEXT;
ALTER TABLE project_regions ADD COLUMN budget_amount_minor BIGINT;
ALTER TABLE project_regions ADD COLUMN counts_publicly BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE project_regions c SET budget_currency = p.budget_currency, budget_amount_minor = p.budget_amount_minor, counts_publicly = (p.visibility = 'public' AND p.approved_version IS NOT NULL) FROM projects p WHERE p.id = c.project_id;
CREATE INDEX project_regions_stats ON project_regions (counts_publicly, region_code, budget_currency, budget_amount_minor);

ALTER TABLE project_sectors ADD COLUMN budget_currency TEXT;
ALTER TABLE project_sectors ADD COLUMN budget_amount_minor BIGINT;
ALTER TABLE project_sectors ADD COLUMN counts_publicly BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE project_sectors c SET budget_currency = p.budget_currency, budget_amount_minor = p.budget_amount_minor, counts_publicly = (p.visibility = 'public' AND p.approved_version IS NOT NULL) FROM projects p WHERE p.id = c.project_id;
CREATE INDEX project_sectors_stats ON project_sectors (counts_publicly, category, budget_currency, first_of_category, budget_amount_minor);

ALTER TABLE project_sdg_goals ADD COLUMN budget_currency TEXT;
ALTER TABLE project_sdg_goals ADD COLUMN budget_amount_minor BIGINT;
ALTER TABLE project_sdg_goals ADD COLUMN counts_publicly BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE project_sdg_goals c SET budget_currency = p.budget_currency, budget_amount_minor = p.budget_amount_minor, counts_publicly = (p.visibility = 'public' AND p.approved_version IS NOT NULL) FROM projects p WHERE p.id = c.project_id;
CREATE INDEX project_sdg_goals_stats ON project_sdg_goals (counts_publicly, goal, budget_currency, budget_amount_minor);

ALTER TABLE project_participants ADD COLUMN budget_currency TEXT;
ALTER TABLE project_participants ADD COLUMN budget_amount_minor BIGINT;
ALTER TABLE project_participants ADD COLUMN counts_publicly BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE project_participants c SET budget_currency = p.budget_currency, budget_amount_minor = p.budget_amount_minor, counts_publicly = (p.visibility = 'public' AND p.approved_version IS NOT NULL) FROM projects p WHERE p.id = c.project_id;
CREATE INDEX project_participants_stats ON project_participants (counts_publicly, organisation_id, budget_currency, first_of_organisation, budget_amount_minor);
