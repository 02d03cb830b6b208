UPDATE projects SET representation = json_remove(representation, '$.capacity_ids') WHERE representation IS NOT NULL;
UPDATE projects SET approved_representation = json_remove(approved_representation, '$.capacity_ids') WHERE approved_representation IS NOT NULL;
DROP TABLE project_capacities;
DROP TABLE capacity_languages;
DROP TABLE capacity_formats;
DROP TABLE capacity_sdg_targets;
DROP TABLE capacity_sectors;
DROP TABLE capacity_organisations;
DROP TABLE capacities;
