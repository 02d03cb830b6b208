DROP TRIGGER request_search_update ON cooperation_requests;
DROP TRIGGER request_search_insert ON cooperation_requests;
DROP FUNCTION request_search_write();
DROP TABLE request_search;
ALTER TABLE cooperation_requests
    ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
CREATE INDEX cooperation_requests_search ON cooperation_requests USING GIN (search_vector);

DROP TRIGGER capacity_search_update ON capacities;
DROP TRIGGER capacity_search_insert ON capacities;
DROP FUNCTION capacity_search_write();
DROP TABLE capacity_search;
ALTER TABLE capacities
    ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
CREATE INDEX capacities_search ON capacities USING GIN (search_vector);
