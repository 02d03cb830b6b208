-- Execution statistics read kept sums instead of joining every contribution, cost and
-- transaction to its project (`store/execution_sums.rs`): each project's figures per
-- grouping ('all', 'modality', 'country', 'region', 'sector_category', 'year', 'role'),
-- group and currency ('' for expert days and activities), with whether everyone counts it;
-- and those summed over every project per grouping, group, currency and `counts_publicly`
-- (`entries`: how many project rows are in; 0 means none). Money in billions of minor
-- units and the remainder, as budgets are summed. Both are rewritten in the transaction
-- of every write to what they are made of (`execution_sums::refresh`); a project's delete
-- takes its sums out of the totals by the trigger below. The SQL is `execution_sums`'s
-- (`backfill_sql`, `on_delete_sql`; a unit test compares them).

CREATE TABLE project_execution_sums (
    project_id             TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    dimension              TEXT NOT NULL,
    group_key              TEXT NOT NULL,
    currency               TEXT NOT NULL,
    counts_publicly        BOOLEAN NOT NULL,
    pledged_high           BIGINT NOT NULL,
    pledged_low            BIGINT NOT NULL,
    planned_costs_high     BIGINT NOT NULL,
    planned_costs_low      BIGINT NOT NULL,
    executed_costs_high    BIGINT NOT NULL,
    executed_costs_low     BIGINT NOT NULL,
    committed_high         BIGINT NOT NULL,
    committed_low          BIGINT NOT NULL,
    disbursed_high         BIGINT NOT NULL,
    disbursed_low          BIGINT NOT NULL,
    received_high          BIGINT NOT NULL,
    received_low           BIGINT NOT NULL,
    expended_high          BIGINT NOT NULL,
    expended_low           BIGINT NOT NULL,
    pledged_days           BIGINT NOT NULL,
    activities_planned     BIGINT NOT NULL,
    activities_done        BIGINT NOT NULL,
    activities_postponed   BIGINT NOT NULL,
    activities_cancelled   BIGINT NOT NULL,
    days_done              BIGINT NOT NULL,
    days_open              BIGINT NOT NULL,
    PRIMARY KEY (project_id, dimension, group_key, currency)
) WITHOUT ROWID;

-- `stripe`: always '' here (one writer at a time); PostgreSQL spreads each group over 16.
CREATE TABLE execution_sums (
    dimension              TEXT NOT NULL,
    counts_publicly        BOOLEAN NOT NULL,
    group_key              TEXT NOT NULL,
    currency               TEXT NOT NULL,
    stripe                 TEXT NOT NULL,
    entries                BIGINT NOT NULL,
    pledged_high           BIGINT NOT NULL,
    pledged_low            BIGINT NOT NULL,
    planned_costs_high     BIGINT NOT NULL,
    planned_costs_low      BIGINT NOT NULL,
    executed_costs_high    BIGINT NOT NULL,
    executed_costs_low     BIGINT NOT NULL,
    committed_high         BIGINT NOT NULL,
    committed_low          BIGINT NOT NULL,
    disbursed_high         BIGINT NOT NULL,
    disbursed_low          BIGINT NOT NULL,
    received_high          BIGINT NOT NULL,
    received_low           BIGINT NOT NULL,
    expended_high          BIGINT NOT NULL,
    expended_low           BIGINT NOT NULL,
    pledged_days           BIGINT NOT NULL,
    activities_planned     BIGINT NOT NULL,
    activities_done        BIGINT NOT NULL,
    activities_postponed   BIGINT NOT NULL,
    activities_cancelled   BIGINT NOT NULL,
    days_done              BIGINT NOT NULL,
    days_open              BIGINT NOT NULL,
    PRIMARY KEY (dimension, counts_publicly, group_key, currency, stripe)
) WITHOUT ROWID;

CREATE TRIGGER project_execution_sums_on_delete BEFORE DELETE ON projects
BEGIN
INSERT INTO execution_sums (dimension, counts_publicly, group_key, currency, stripe, entries, pledged_high, pledged_low, planned_costs_high, planned_costs_low, executed_costs_high, executed_costs_low, committed_high, committed_low, disbursed_high, disbursed_low, received_high, received_low, expended_high, expended_low, pledged_days, activities_planned, activities_done, activities_postponed, activities_cancelled, days_done, days_open)
SELECT dimension, counts_publicly, group_key, currency, stripe, CAST(SUM(entries) AS BIGINT), CAST(SUM(pledged_high) AS BIGINT), CAST(SUM(pledged_low) AS BIGINT), CAST(SUM(planned_costs_high) AS BIGINT), CAST(SUM(planned_costs_low) AS BIGINT), CAST(SUM(executed_costs_high) AS BIGINT), CAST(SUM(executed_costs_low) AS BIGINT), CAST(SUM(committed_high) AS BIGINT), CAST(SUM(committed_low) AS BIGINT), CAST(SUM(disbursed_high) AS BIGINT), CAST(SUM(disbursed_low) AS BIGINT), CAST(SUM(received_high) AS BIGINT), CAST(SUM(received_low) AS BIGINT), CAST(SUM(expended_high) AS BIGINT), CAST(SUM(expended_low) AS BIGINT), CAST(SUM(pledged_days) AS BIGINT), CAST(SUM(activities_planned) AS BIGINT), CAST(SUM(activities_done) AS BIGINT), CAST(SUM(activities_postponed) AS BIGINT), CAST(SUM(activities_cancelled) AS BIGINT), CAST(SUM(days_done) AS BIGINT), CAST(SUM(days_open) AS BIGINT) FROM (SELECT dimension, counts_publicly, group_key, currency, '' AS stripe, -1 AS entries, -pledged_high AS pledged_high, -pledged_low AS pledged_low, -planned_costs_high AS planned_costs_high, -planned_costs_low AS planned_costs_low, -executed_costs_high AS executed_costs_high, -executed_costs_low AS executed_costs_low, -committed_high AS committed_high, -committed_low AS committed_low, -disbursed_high AS disbursed_high, -disbursed_low AS disbursed_low, -received_high AS received_high, -received_low AS received_low, -expended_high AS expended_high, -expended_low AS expended_low, -pledged_days AS pledged_days, -activities_planned AS activities_planned, -activities_done AS activities_done, -activities_postponed AS activities_postponed, -activities_cancelled AS activities_cancelled, -days_done AS days_done, -days_open AS days_open FROM project_execution_sums WHERE project_id = OLD.id) gone WHERE true
GROUP BY dimension, counts_publicly, group_key, currency, stripe
HAVING SUM(entries) <> 0 OR SUM(pledged_high) <> 0 OR SUM(pledged_low) <> 0 OR SUM(planned_costs_high) <> 0 OR SUM(planned_costs_low) <> 0 OR SUM(executed_costs_high) <> 0 OR SUM(executed_costs_low) <> 0 OR SUM(committed_high) <> 0 OR SUM(committed_low) <> 0 OR SUM(disbursed_high) <> 0 OR SUM(disbursed_low) <> 0 OR SUM(received_high) <> 0 OR SUM(received_low) <> 0 OR SUM(expended_high) <> 0 OR SUM(expended_low) <> 0 OR SUM(pledged_days) <> 0 OR SUM(activities_planned) <> 0 OR SUM(activities_done) <> 0 OR SUM(activities_postponed) <> 0 OR SUM(activities_cancelled) <> 0 OR SUM(days_done) <> 0 OR SUM(days_open) <> 0
ORDER BY dimension, counts_publicly, group_key, currency, stripe
ON CONFLICT (dimension, counts_publicly, group_key, currency, stripe) DO UPDATE SET
    entries = execution_sums.entries + excluded.entries, pledged_high = execution_sums.pledged_high + excluded.pledged_high, pledged_low = execution_sums.pledged_low + excluded.pledged_low, planned_costs_high = execution_sums.planned_costs_high + excluded.planned_costs_high, planned_costs_low = execution_sums.planned_costs_low + excluded.planned_costs_low, executed_costs_high = execution_sums.executed_costs_high + excluded.executed_costs_high, executed_costs_low = execution_sums.executed_costs_low + excluded.executed_costs_low, committed_high = execution_sums.committed_high + excluded.committed_high, committed_low = execution_sums.committed_low + excluded.committed_low, disbursed_high = execution_sums.disbursed_high + excluded.disbursed_high, disbursed_low = execution_sums.disbursed_low + excluded.disbursed_low, received_high = execution_sums.received_high + excluded.received_high, received_low = execution_sums.received_low + excluded.received_low, expended_high = execution_sums.expended_high + excluded.expended_high, expended_low = execution_sums.expended_low + excluded.expended_low, pledged_days = execution_sums.pledged_days + excluded.pledged_days, activities_planned = execution_sums.activities_planned + excluded.activities_planned, activities_done = execution_sums.activities_done + excluded.activities_done, activities_postponed = execution_sums.activities_postponed + excluded.activities_postponed, activities_cancelled = execution_sums.activities_cancelled + excluded.activities_cancelled, days_done = execution_sums.days_done + excluded.days_done, days_open = execution_sums.days_open + excluded.days_open;
END;

-- Projects per role (execution statistics by role) count through an index.
CREATE INDEX project_participants_roles ON project_participants (counts_publicly, role, project_id);

-- The projects there are.
WITH ids(id) AS (SELECT id FROM projects),
facts(project_id, year, payer, in_roles, currency, pledged_high, pledged_low, planned_costs_high, planned_costs_low, executed_costs_high, executed_costs_low, committed_high, committed_low, disbursed_high, disbursed_low, received_high, received_low, expended_high, expended_low, pledged_days, activities_planned, activities_done, activities_postponed, activities_cancelled, days_done, days_open) AS (
    SELECT c.project_id, p.planned_start_year, c.organisation_id, 1, COALESCE(c.currency, ''), COALESCE(c.amount_minor / 1000000000, 0), COALESCE(c.amount_minor % 1000000000, 0), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, COALESCE(c.expert_days, 0), 0, 0, 0, 0, 0, 0 FROM project_contributions c JOIN projects p ON p.id = c.project_id WHERE TRUE
    UNION ALL
    SELECT project_id, year, paying_organisation_id, 1, currency, 0, 0, CASE WHEN NOT executed THEN amount_minor / 1000000000 ELSE 0 END, CASE WHEN NOT executed THEN amount_minor % 1000000000 ELSE 0 END, CASE WHEN executed THEN amount_minor / 1000000000 ELSE 0 END, CASE WHEN executed THEN amount_minor % 1000000000 ELSE 0 END, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 FROM project_activity_costs WHERE TRUE
    UNION ALL
    SELECT project_id, year, provider_organisation_id, 1, currency, 0, 0, 0, 0, 0, 0, CASE WHEN transaction_type NOT IN (3, 4, 12) THEN value_minor / 1000000000 ELSE 0 END, CASE WHEN transaction_type NOT IN (3, 4, 12) THEN value_minor % 1000000000 ELSE 0 END, CASE WHEN transaction_type = 3 THEN value_minor / 1000000000 ELSE 0 END, CASE WHEN transaction_type = 3 THEN value_minor % 1000000000 ELSE 0 END, CASE WHEN transaction_type = 12 THEN value_minor / 1000000000 ELSE 0 END, CASE WHEN transaction_type = 12 THEN value_minor % 1000000000 ELSE 0 END, CASE WHEN transaction_type = 4 THEN value_minor / 1000000000 ELSE 0 END, CASE WHEN transaction_type = 4 THEN value_minor % 1000000000 ELSE 0 END, 0, 0, 0, 0, 0, 0, 0 FROM project_transaction_items WHERE TRUE
    UNION ALL
    SELECT project_id, year, CAST(NULL AS TEXT), 0, '', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, CASE WHEN status IN ('done', 'postponed', 'cancelled') THEN 0 ELSE 1 END, CASE WHEN status = 'done' THEN 1 ELSE 0 END, CASE WHEN status = 'postponed' THEN 1 ELSE 0 END, CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END, CASE WHEN status = 'done' THEN expert_days ELSE 0 END, CASE WHEN status IN ('done', 'cancelled') THEN 0 ELSE expert_days END FROM project_activity_items WHERE TRUE),
keyed AS (
    SELECT f.project_id, 'all' AS dimension, '' AS group_key, f.currency, f.pledged_high, f.pledged_low, f.planned_costs_high, f.planned_costs_low, f.executed_costs_high, f.executed_costs_low, f.committed_high, f.committed_low, f.disbursed_high, f.disbursed_low, f.received_high, f.received_low, f.expended_high, f.expended_low, f.pledged_days, f.activities_planned, f.activities_done, f.activities_postponed, f.activities_cancelled, f.days_done, f.days_open FROM facts f 
    UNION ALL
    SELECT f.project_id, 'modality' AS dimension, p.modality AS group_key, f.currency, f.pledged_high, f.pledged_low, f.planned_costs_high, f.planned_costs_low, f.executed_costs_high, f.executed_costs_low, f.committed_high, f.committed_low, f.disbursed_high, f.disbursed_low, f.received_high, f.received_low, f.expended_high, f.expended_low, f.pledged_days, f.activities_planned, f.activities_done, f.activities_postponed, f.activities_cancelled, f.days_done, f.days_open FROM facts f JOIN projects p ON p.id = f.project_id
    UNION ALL
    SELECT f.project_id, 'country' AS dimension, c.country_code AS group_key, f.currency, f.pledged_high, f.pledged_low, f.planned_costs_high, f.planned_costs_low, f.executed_costs_high, f.executed_costs_low, f.committed_high, f.committed_low, f.disbursed_high, f.disbursed_low, f.received_high, f.received_low, f.expended_high, f.expended_low, f.pledged_days, f.activities_planned, f.activities_done, f.activities_postponed, f.activities_cancelled, f.days_done, f.days_open FROM facts f JOIN project_countries c ON c.project_id = f.project_id
    UNION ALL
    SELECT f.project_id, 'region' AS dimension, r.region_code AS group_key, f.currency, f.pledged_high, f.pledged_low, f.planned_costs_high, f.planned_costs_low, f.executed_costs_high, f.executed_costs_low, f.committed_high, f.committed_low, f.disbursed_high, f.disbursed_low, f.received_high, f.received_low, f.expended_high, f.expended_low, f.pledged_days, f.activities_planned, f.activities_done, f.activities_postponed, f.activities_cancelled, f.days_done, f.days_open FROM facts f JOIN project_regions r ON r.project_id = f.project_id
    UNION ALL
    SELECT f.project_id, 'sector_category' AS dimension, s.category AS group_key, f.currency, f.pledged_high, f.pledged_low, f.planned_costs_high, f.planned_costs_low, f.executed_costs_high, f.executed_costs_low, f.committed_high, f.committed_low, f.disbursed_high, f.disbursed_low, f.received_high, f.received_low, f.expended_high, f.expended_low, f.pledged_days, f.activities_planned, f.activities_done, f.activities_postponed, f.activities_cancelled, f.days_done, f.days_open FROM facts f JOIN project_sectors s ON s.project_id = f.project_id AND s.first_of_category
    UNION ALL
    SELECT f.project_id, 'year' AS dimension, CAST(f.year AS TEXT) AS group_key, f.currency, f.pledged_high, f.pledged_low, f.planned_costs_high, f.planned_costs_low, f.executed_costs_high, f.executed_costs_low, f.committed_high, f.committed_low, f.disbursed_high, f.disbursed_low, f.received_high, f.received_low, f.expended_high, f.expended_low, f.pledged_days, f.activities_planned, f.activities_done, f.activities_postponed, f.activities_cancelled, f.days_done, f.days_open FROM facts f 
    UNION ALL
    SELECT f.project_id, 'role' AS dimension, COALESCE(pp.role, 'outside') AS group_key, f.currency, f.pledged_high, f.pledged_low, f.planned_costs_high, f.planned_costs_low, f.executed_costs_high, f.executed_costs_low, f.committed_high, f.committed_low, f.disbursed_high, f.disbursed_low, f.received_high, f.received_low, f.expended_high, f.expended_low, f.pledged_days, f.activities_planned, f.activities_done, f.activities_postponed, f.activities_cancelled, f.days_done, f.days_open FROM facts f LEFT JOIN project_participants pp ON pp.project_id = f.project_id AND pp.organisation_id = f.payer AND pp.first_of_organisation WHERE f.in_roles = 1),
fresh AS (
    SELECT k.project_id, k.dimension, k.group_key, k.currency, p.visibility = 'public' AND p.approved_version IS NOT NULL AS counts_publicly, CAST(SUM(k.pledged_high) AS BIGINT) AS pledged_high, CAST(SUM(k.pledged_low) AS BIGINT) AS pledged_low, CAST(SUM(k.planned_costs_high) AS BIGINT) AS planned_costs_high, CAST(SUM(k.planned_costs_low) AS BIGINT) AS planned_costs_low, CAST(SUM(k.executed_costs_high) AS BIGINT) AS executed_costs_high, CAST(SUM(k.executed_costs_low) AS BIGINT) AS executed_costs_low, CAST(SUM(k.committed_high) AS BIGINT) AS committed_high, CAST(SUM(k.committed_low) AS BIGINT) AS committed_low, CAST(SUM(k.disbursed_high) AS BIGINT) AS disbursed_high, CAST(SUM(k.disbursed_low) AS BIGINT) AS disbursed_low, CAST(SUM(k.received_high) AS BIGINT) AS received_high, CAST(SUM(k.received_low) AS BIGINT) AS received_low, CAST(SUM(k.expended_high) AS BIGINT) AS expended_high, CAST(SUM(k.expended_low) AS BIGINT) AS expended_low, CAST(SUM(k.pledged_days) AS BIGINT) AS pledged_days, CAST(SUM(k.activities_planned) AS BIGINT) AS activities_planned, CAST(SUM(k.activities_done) AS BIGINT) AS activities_done, CAST(SUM(k.activities_postponed) AS BIGINT) AS activities_postponed, CAST(SUM(k.activities_cancelled) AS BIGINT) AS activities_cancelled, CAST(SUM(k.days_done) AS BIGINT) AS days_done, CAST(SUM(k.days_open) AS BIGINT) AS days_open FROM keyed k JOIN projects p ON p.id = k.project_id GROUP BY k.project_id, k.dimension, k.group_key, k.currency, p.visibility, p.approved_version)
INSERT INTO project_execution_sums (project_id, dimension, group_key, currency, counts_publicly, pledged_high, pledged_low, planned_costs_high, planned_costs_low, executed_costs_high, executed_costs_low, committed_high, committed_low, disbursed_high, disbursed_low, received_high, received_low, expended_high, expended_low, pledged_days, activities_planned, activities_done, activities_postponed, activities_cancelled, days_done, days_open)
SELECT project_id, dimension, group_key, currency, counts_publicly, pledged_high, pledged_low, planned_costs_high, planned_costs_low, executed_costs_high, executed_costs_low, committed_high, committed_low, disbursed_high, disbursed_low, received_high, received_low, expended_high, expended_low, pledged_days, activities_planned, activities_done, activities_postponed, activities_cancelled, days_done, days_open FROM fresh;

INSERT INTO execution_sums (dimension, counts_publicly, group_key, currency, stripe, entries, pledged_high, pledged_low, planned_costs_high, planned_costs_low, executed_costs_high, executed_costs_low, committed_high, committed_low, disbursed_high, disbursed_low, received_high, received_low, expended_high, expended_low, pledged_days, activities_planned, activities_done, activities_postponed, activities_cancelled, days_done, days_open)
SELECT dimension, counts_publicly, group_key, currency, '', COUNT(*), CAST(SUM(pledged_high) AS BIGINT), CAST(SUM(pledged_low) AS BIGINT), CAST(SUM(planned_costs_high) AS BIGINT), CAST(SUM(planned_costs_low) AS BIGINT), CAST(SUM(executed_costs_high) AS BIGINT), CAST(SUM(executed_costs_low) AS BIGINT), CAST(SUM(committed_high) AS BIGINT), CAST(SUM(committed_low) AS BIGINT), CAST(SUM(disbursed_high) AS BIGINT), CAST(SUM(disbursed_low) AS BIGINT), CAST(SUM(received_high) AS BIGINT), CAST(SUM(received_low) AS BIGINT), CAST(SUM(expended_high) AS BIGINT), CAST(SUM(expended_low) AS BIGINT), CAST(SUM(pledged_days) AS BIGINT), CAST(SUM(activities_planned) AS BIGINT), CAST(SUM(activities_done) AS BIGINT), CAST(SUM(activities_postponed) AS BIGINT), CAST(SUM(activities_cancelled) AS BIGINT), CAST(SUM(days_done) AS BIGINT), CAST(SUM(days_open) AS BIGINT)
FROM project_execution_sums
GROUP BY dimension, counts_publicly, group_key, currency, '';

ANALYZE project_execution_sums;
ANALYZE execution_sums;
