-- The representations as they were (links and languages are lost).
UPDATE projects SET representation = (representation::jsonb - 'default_language' - 'document_links')::text WHERE representation IS NOT NULL;
UPDATE projects SET approved_representation = (approved_representation::jsonb - 'default_language' - 'document_links')::text WHERE approved_representation IS NOT NULL;
UPDATE partnerships SET representation = (representation::jsonb - 'default_language' - 'document_links')::text WHERE representation IS NOT NULL;
UPDATE partnerships SET approved_representation = (approved_representation::jsonb - 'default_language' - 'document_links')::text WHERE approved_representation IS NOT NULL;
UPDATE triangular_arrangements SET representation = (representation::jsonb - 'default_language' - 'document_links')::text WHERE representation IS NOT NULL;
UPDATE triangular_arrangements SET approved_representation = (approved_representation::jsonb - 'default_language' - 'document_links')::text WHERE approved_representation IS NOT NULL;
UPDATE policy_exchanges SET representation = (representation::jsonb - 'default_language' - 'document_links')::text WHERE representation IS NOT NULL;
UPDATE policy_exchanges SET approved_representation = (approved_representation::jsonb - 'default_language' - 'document_links')::text WHERE approved_representation IS NOT NULL;
