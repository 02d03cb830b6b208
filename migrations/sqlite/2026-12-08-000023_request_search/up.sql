-- Matching in reverse (issue 22): the full-text index of cooperation requests' texts, so
-- that a capacity's words find the requests it could serve. It indexes the folded
-- `search_text` (the version that counts: titles, problem statements, expected results
-- and target populations in every language, lower case, accents removed), keyed by the
-- request's `created_seq` (unique and never changed; the table's own rowid may change on
-- VACUUM), as `capacity_search` (000022) does for capacities. Triggers keep it in step
-- with every write, whatever writes.
CREATE UNIQUE INDEX cooperation_requests_created_seq ON cooperation_requests (created_seq);

CREATE VIRTUAL TABLE request_search USING fts5(
    search_text,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO request_search (rowid, search_text)
    SELECT created_seq, search_text FROM cooperation_requests;

CREATE TRIGGER request_search_insert AFTER INSERT ON cooperation_requests BEGIN
    INSERT INTO request_search (rowid, search_text) VALUES (new.created_seq, new.search_text);
END;
CREATE TRIGGER request_search_update AFTER UPDATE OF search_text ON cooperation_requests
WHEN old.search_text IS NOT new.search_text BEGIN
    UPDATE request_search SET search_text = new.search_text WHERE rowid = new.created_seq;
END;
CREATE TRIGGER request_search_delete AFTER DELETE ON cooperation_requests BEGIN
    DELETE FROM request_search WHERE rowid = old.created_seq;
END;
