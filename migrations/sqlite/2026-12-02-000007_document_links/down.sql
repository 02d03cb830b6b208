-- The representations as they were (links and languages are lost).
UPDATE projects SET representation = json_remove(representation, '$.default_language', '$.document_links') WHERE representation IS NOT NULL;
UPDATE projects SET approved_representation = json_remove(approved_representation, '$.default_language', '$.document_links') WHERE approved_representation IS NOT NULL;
UPDATE partnerships SET representation = json_remove(representation, '$.default_language', '$.document_links') WHERE representation IS NOT NULL;
UPDATE partnerships SET approved_representation = json_remove(approved_representation, '$.default_language', '$.document_links') WHERE approved_representation IS NOT NULL;
UPDATE triangular_arrangements SET representation = json_remove(representation, '$.default_language', '$.document_links') WHERE representation IS NOT NULL;
UPDATE triangular_arrangements SET approved_representation = json_remove(approved_representation, '$.default_language', '$.document_links') WHERE approved_representation IS NOT NULL;
UPDATE policy_exchanges SET representation = json_remove(representation, '$.default_language', '$.document_links') WHERE representation IS NOT NULL;
UPDATE policy_exchanges SET approved_representation = json_remove(approved_representation, '$.default_language', '$.document_links') WHERE approved_representation IS NOT NULL;
