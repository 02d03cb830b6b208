-- Matching (issue 22): the full-text index of capacities' texts. It indexes the folded
-- `search_text` (the approved version's titles, descriptions and what partners learn in
-- every language, lower case, accents removed), keyed by the capacity's `created_seq`
-- (unique and never changed; the table's own rowid may change on VACUUM). Triggers keep
-- it in step with every write, whatever writes.
CREATE UNIQUE INDEX capacities_created_seq ON capacities (created_seq);

CREATE VIRTUAL TABLE capacity_search USING fts5(
    search_text,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO capacity_search (rowid, search_text) SELECT created_seq, search_text FROM capacities;

CREATE TRIGGER capacity_search_insert AFTER INSERT ON capacities BEGIN
    INSERT INTO capacity_search (rowid, search_text) VALUES (new.created_seq, new.search_text);
END;
CREATE TRIGGER capacity_search_update AFTER UPDATE OF search_text ON capacities
WHEN old.search_text IS NOT new.search_text BEGIN
    UPDATE capacity_search SET search_text = new.search_text WHERE rowid = new.created_seq;
END;
CREATE TRIGGER capacity_search_delete AFTER DELETE ON capacities BEGIN
    DELETE FROM capacity_search WHERE rowid = old.created_seq;
END;
