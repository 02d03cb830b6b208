UPDATE projects SET representation = (representation::jsonb - 'capacity_ids')::text WHERE representation IS NOT NULL;
UPDATE projects SET approved_representation = (approved_representation::jsonb - 'capacity_ids')::text WHERE approved_representation IS NOT NULL;
DROP TABLE project_capacities;
DROP TABLE capacity_languages;
DROP TABLE capacity_formats;
DROP TABLE capacity_sdg_targets;
DROP TABLE capacity_sectors;
DROP TABLE capacity_organisations;
DROP TABLE capacities;
