-- Matching (issue 22, speed): each capacity's and request's words as a 64-bit set (the
-- SQL function `word_signature` of `db::sqlite_functions`, registered on every connection
-- this server opens: bit `FNV-1a(word) mod 64` of each word of the folded `search_text`),
-- keyed by `created_seq` as the full-text tables are. `signature_bound(signature, terms)`
-- then bounds from above how many key words a record holds without reading its text, so
-- that the search for the most key words any record holds counts only the few records
-- that could hold more (`store::matching::most_held_sql`). A record without a signature
-- is never skipped. Triggers keep them in step with every write made through this
-- server (another program writing these tables needs the function too).
CREATE TABLE capacity_signatures (
    created_seq INTEGER PRIMARY KEY NOT NULL,
    signature   INTEGER NOT NULL
);
INSERT INTO capacity_signatures (created_seq, signature)
    SELECT created_seq, word_signature(search_text) FROM capacities;
CREATE TRIGGER capacity_signatures_insert AFTER INSERT ON capacities BEGIN
    INSERT OR REPLACE INTO capacity_signatures (created_seq, signature)
        VALUES (new.created_seq, word_signature(new.search_text));
END;
CREATE TRIGGER capacity_signatures_update AFTER UPDATE OF search_text ON capacities
WHEN old.search_text IS NOT new.search_text BEGIN
    INSERT OR REPLACE INTO capacity_signatures (created_seq, signature)
        VALUES (new.created_seq, word_signature(new.search_text));
END;
CREATE TRIGGER capacity_signatures_delete AFTER DELETE ON capacities BEGIN
    DELETE FROM capacity_signatures WHERE created_seq = old.created_seq;
END;

CREATE TABLE request_signatures (
    created_seq INTEGER PRIMARY KEY NOT NULL,
    signature   INTEGER NOT NULL
);
INSERT INTO request_signatures (created_seq, signature)
    SELECT created_seq, word_signature(search_text) FROM cooperation_requests;
CREATE TRIGGER request_signatures_insert AFTER INSERT ON cooperation_requests BEGIN
    INSERT OR REPLACE INTO request_signatures (created_seq, signature)
        VALUES (new.created_seq, word_signature(new.search_text));
END;
CREATE TRIGGER request_signatures_update AFTER UPDATE OF search_text ON cooperation_requests
WHEN old.search_text IS NOT new.search_text BEGIN
    INSERT OR REPLACE INTO request_signatures (created_seq, signature)
        VALUES (new.created_seq, word_signature(new.search_text));
END;
CREATE TRIGGER request_signatures_delete AFTER DELETE ON cooperation_requests BEGIN
    DELETE FROM request_signatures WHERE created_seq = old.created_seq;
END;
