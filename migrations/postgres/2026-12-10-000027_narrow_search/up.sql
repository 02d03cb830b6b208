-- Matching (issue 22, speed): the full-text indexes move out of the records' wide rows.
-- A word's GIN lookup is a bitmap heap scan, and over `capacities.search_vector` (000022)
-- and `cooperation_requests.search_vector` (000023) it read every matching record's page
-- of representations: most of a match's time with 10,000 capacities. Narrow tables
-- holding only the id and the `tsvector` (as SQLite's FTS5 tables `capacity_search` and
-- `request_search` do, by the same names) keep those pages few. Triggers keep them in step
-- with every write, whatever writes; deleting a record deletes its row.
CREATE TABLE capacity_search (
    id            TEXT COLLATE "C" PRIMARY KEY NOT NULL REFERENCES capacities (id) ON DELETE CASCADE,
    search_vector tsvector NOT NULL
);
INSERT INTO capacity_search (id, search_vector)
    SELECT id, to_tsvector('simple', search_text) FROM capacities;
CREATE INDEX capacity_search_vector ON capacity_search USING GIN (search_vector);

CREATE FUNCTION capacity_search_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO capacity_search (id, search_vector)
        VALUES (NEW.id, to_tsvector('simple', NEW.search_text))
        ON CONFLICT (id) DO UPDATE SET search_vector = EXCLUDED.search_vector;
    RETURN NULL;
END $$;
CREATE TRIGGER capacity_search_insert AFTER INSERT ON capacities
    FOR EACH ROW EXECUTE FUNCTION capacity_search_write();
CREATE TRIGGER capacity_search_update AFTER UPDATE OF search_text ON capacities
    FOR EACH ROW WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text)
    EXECUTE FUNCTION capacity_search_write();

DROP INDEX capacities_search;
ALTER TABLE capacities DROP COLUMN search_vector;

CREATE TABLE request_search (
    id            TEXT COLLATE "C" PRIMARY KEY NOT NULL
                  REFERENCES cooperation_requests (id) ON DELETE CASCADE,
    search_vector tsvector NOT NULL
);
INSERT INTO request_search (id, search_vector)
    SELECT id, to_tsvector('simple', search_text) FROM cooperation_requests;
CREATE INDEX request_search_vector ON request_search USING GIN (search_vector);

CREATE FUNCTION request_search_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO request_search (id, search_vector)
        VALUES (NEW.id, to_tsvector('simple', NEW.search_text))
        ON CONFLICT (id) DO UPDATE SET search_vector = EXCLUDED.search_vector;
    RETURN NULL;
END $$;
CREATE TRIGGER request_search_insert AFTER INSERT ON cooperation_requests
    FOR EACH ROW EXECUTE FUNCTION request_search_write();
CREATE TRIGGER request_search_update AFTER UPDATE OF search_text ON cooperation_requests
    FOR EACH ROW WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text)
    EXECUTE FUNCTION request_search_write();

DROP INDEX cooperation_requests_search;
ALTER TABLE cooperation_requests DROP COLUMN search_vector;
