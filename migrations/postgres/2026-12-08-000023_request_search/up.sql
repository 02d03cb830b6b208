-- Matching in reverse (issue 22): the full-text index of cooperation requests' texts, over
-- the folded `search_text` (the version that counts: titles, problem statements, expected
-- results and target populations in every language, lower case, accents removed), so the
-- `simple` configuration (no stemming, no stop words of one language) serves every
-- language alike, as `capacities.search_vector` (000022) does. A generated column: every
-- write keeps it in step.
ALTER TABLE cooperation_requests
    ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
CREATE INDEX cooperation_requests_search ON cooperation_requests USING GIN (search_vector);
