DROP TRIGGER changes_outbox ON changes;
DROP FUNCTION ssc_enqueue_changes();

CREATE FUNCTION ssc_enqueue_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO webhook_outbox (seq, created_at) VALUES (NEW.seq, NEW.at);
    RETURN NULL;
END $$;

CREATE TRIGGER changes_outbox AFTER INSERT ON changes
    FOR EACH ROW EXECUTE FUNCTION ssc_enqueue_change();
