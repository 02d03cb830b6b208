-- Matching (issue 22): the full-text index of capacities' texts, over the folded
-- `search_text` (the approved version's titles, descriptions and what partners learn in
-- every language, lower case, accents removed), so the `simple` configuration (no
-- stemming, no stop words of one language) serves every language alike. A generated
-- column: every write keeps it in step.
ALTER TABLE capacities
    ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
CREATE INDEX capacities_search ON capacities USING GIN (search_vector);
