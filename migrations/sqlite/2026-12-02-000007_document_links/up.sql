-- Every cooperation record gains a default language (its text so far is Spanish) and
-- document links (none so far). They live in the representations: no column filters on them.
UPDATE projects SET representation = json_set(representation, '$.default_language', 'es', '$.document_links', json('[]')) WHERE representation IS NOT NULL;
UPDATE projects SET approved_representation = json_set(approved_representation, '$.default_language', 'es', '$.document_links', json('[]')) WHERE approved_representation IS NOT NULL;
UPDATE partnerships SET representation = json_set(representation, '$.default_language', 'es', '$.document_links', json('[]')) WHERE representation IS NOT NULL;
UPDATE partnerships SET approved_representation = json_set(approved_representation, '$.default_language', 'es', '$.document_links', json('[]')) WHERE approved_representation IS NOT NULL;
UPDATE triangular_arrangements SET representation = json_set(representation, '$.default_language', 'es', '$.document_links', json('[]')) WHERE representation IS NOT NULL;
UPDATE triangular_arrangements SET approved_representation = json_set(approved_representation, '$.default_language', 'es', '$.document_links', json('[]')) WHERE approved_representation IS NOT NULL;
UPDATE policy_exchanges SET representation = json_set(representation, '$.default_language', 'es', '$.document_links', json('[]')) WHERE representation IS NOT NULL;
UPDATE policy_exchanges SET approved_representation = json_set(approved_representation, '$.default_language', 'es', '$.document_links', json('[]')) WHERE approved_representation IS NOT NULL;
