-- Cooperation records are stored uncompressed (issue 26). A record row holds its JSON
-- representation beside its search text and its own columns, and most pass 2 kB, the
-- default point where PostgreSQL compresses a row's long values (pglz): every write
-- compressed them and every read of a page decompressed them, PostgreSQL's top cost in a
-- list. Up to the largest row a page holds, rows now stay as they are (a larger table,
-- about +50 % for projects, for less work on every read and write). Rows already stored
-- keep their compression until they are written again.
ALTER TABLE projects SET (toast_tuple_target = 8160);
ALTER TABLE partnerships SET (toast_tuple_target = 8160);
ALTER TABLE triangular_arrangements SET (toast_tuple_target = 8160);
ALTER TABLE policy_exchanges SET (toast_tuple_target = 8160);

-- Each change goes into the webhooks' outbox by a trigger, in the statement that appends
-- it, instead of a statement of its own (a round trip per write; SQLite still writes it
-- itself: `store::webhook_deliveries::enqueue`).
CREATE FUNCTION ssc_enqueue_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO webhook_outbox (seq, created_at) VALUES (NEW.seq, NEW.at);
    RETURN NULL;
END $$;

CREATE TRIGGER changes_outbox AFTER INSERT ON changes
    FOR EACH ROW EXECUTE FUNCTION ssc_enqueue_change();
