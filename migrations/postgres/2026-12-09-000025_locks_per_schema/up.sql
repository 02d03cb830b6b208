-- Advisory locks are one space for the whole PostgreSQL database, while each deployment
-- (and each test) keeps its tables in its own schema. The change order lock of migration
-- 000013 was one key for all of them, and the per-record holds (`store::changes::hold`)
-- hashed only the record's id: two schemas holding the same ids (the demo data) waited for
-- each other and could deadlock (a PUT answered 503 "deadlock detected" in the parallel
-- suite). Every key now names this schema's change sequence, as `ssc_appending_key` does.

-- The key of the lock that orders the drawing of `seq`s in this schema.
CREATE FUNCTION ssc_change_order_key() RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT (7245101::bigint << 32) | 'changes_seq_seq'::regclass::oid::bigint
$$;

-- The second half of a per-record hold's key: the record's id, hashed with this schema's
-- change sequence.
CREATE FUNCTION ssc_record_key(id text) RETURNS integer LANGUAGE sql STABLE AS $$
    SELECT hashtext('changes_seq_seq'::regclass::oid::text || ':' || id)
$$;

CREATE OR REPLACE FUNCTION ssc_draw_change_seq() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    drawn bigint;
    last_drawn text := current_setting('ssc.last_change_seq', true);
BEGIN
    -- Taken before the transaction has an id: whoever sees the id in progress without
    -- this lock knows that the transaction never appends.
    PERFORM pg_advisory_xact_lock_shared(ssc_appending_key());
    IF current_setting('ssc.change_order_held', true) = 'on' THEN
        drawn := nextval('changes_seq_seq');
    ELSIF coalesce(last_drawn, '') <> '' THEN
        PERFORM pg_advisory_xact_lock(ssc_change_order_key());
        IF (SELECT last_value FROM changes_seq_seq) <> last_drawn::bigint THEN
            RAISE EXCEPTION 'another transaction appended a change meanwhile'
                USING ERRCODE = 'serialization_failure';
        END IF;
        PERFORM set_config('ssc.change_order_held', 'on', true);
        drawn := nextval('changes_seq_seq');
    ELSIF pg_current_xact_id_if_assigned() IS NOT NULL THEN
        RAISE EXCEPTION 'a transaction appends its change records before it writes anything else';
    ELSE
        BEGIN
            PERFORM pg_advisory_xact_lock(ssc_change_order_key());
            PERFORM pg_current_xact_id();
            drawn := nextval('changes_seq_seq');
            RAISE SQLSTATE 'SSC01';
        EXCEPTION WHEN SQLSTATE 'SSC01' THEN
            NULL;
        END;
    END IF;
    PERFORM set_config('ssc.last_change_seq', drawn::text, true);
    RETURN drawn;
END $$;

CREATE OR REPLACE FUNCTION ssc_hold_change_order() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('ssc.change_order_held', true) = 'on' THEN
        RETURN;
    END IF;
    IF coalesce(current_setting('ssc.last_change_seq', true), '') = ''
        AND pg_current_xact_id_if_assigned() IS NOT NULL THEN
        RAISE EXCEPTION 'a transaction appends its change records before it writes anything else';
    END IF;
    PERFORM pg_advisory_xact_lock_shared(ssc_appending_key());
    PERFORM pg_advisory_xact_lock(ssc_change_order_key());
    IF coalesce(current_setting('ssc.last_change_seq', true), '') <> ''
        AND (SELECT last_value FROM changes_seq_seq)
            <> current_setting('ssc.last_change_seq')::bigint THEN
        RAISE EXCEPTION 'another transaction appended a change meanwhile'
            USING ERRCODE = 'serialization_failure';
    END IF;
    PERFORM pg_current_xact_id();
    PERFORM set_config('ssc.change_order_held', 'on', true);
END $$;
