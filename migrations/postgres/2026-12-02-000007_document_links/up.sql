-- Every cooperation record gains a default language (its text so far is Spanish) and
-- document links (none so far). They live in the representations: no column filters on them.
UPDATE projects SET representation = (representation::jsonb || jsonb_build_object('default_language', 'es', 'document_links', '[]'::jsonb))::text WHERE representation IS NOT NULL;
UPDATE projects SET approved_representation = (approved_representation::jsonb || jsonb_build_object('default_language', 'es', 'document_links', '[]'::jsonb))::text WHERE approved_representation IS NOT NULL;
UPDATE partnerships SET representation = (representation::jsonb || jsonb_build_object('default_language', 'es', 'document_links', '[]'::jsonb))::text WHERE representation IS NOT NULL;
UPDATE partnerships SET approved_representation = (approved_representation::jsonb || jsonb_build_object('default_language', 'es', 'document_links', '[]'::jsonb))::text WHERE approved_representation IS NOT NULL;
UPDATE triangular_arrangements SET representation = (representation::jsonb || jsonb_build_object('default_language', 'es', 'document_links', '[]'::jsonb))::text WHERE representation IS NOT NULL;
UPDATE triangular_arrangements SET approved_representation = (approved_representation::jsonb || jsonb_build_object('default_language', 'es', 'document_links', '[]'::jsonb))::text WHERE approved_representation IS NOT NULL;
UPDATE policy_exchanges SET representation = (representation::jsonb || jsonb_build_object('default_language', 'es', 'document_links', '[]'::jsonb))::text WHERE representation IS NOT NULL;
UPDATE policy_exchanges SET approved_representation = (approved_representation::jsonb || jsonb_build_object('default_language', 'es', 'document_links', '[]'::jsonb))::text WHERE approved_representation IS NOT NULL;
