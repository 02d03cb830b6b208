DROP FUNCTION ssc_record_key(text);
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
        PERFORM pg_advisory_xact_lock(7245101);
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
            PERFORM pg_advisory_xact_lock(7245101);
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
    PERFORM pg_advisory_xact_lock(7245101);
    IF coalesce(current_setting('ssc.last_change_seq', true), '') <> ''
        AND (SELECT last_value FROM changes_seq_seq)
            <> current_setting('ssc.last_change_seq')::bigint THEN
        RAISE EXCEPTION 'another transaction appended a change meanwhile'
            USING ERRCODE = 'serialization_failure';
    END IF;
    PERFORM pg_current_xact_id();
    PERFORM set_config('ssc.change_order_held', 'on', true);
END $$;

DROP FUNCTION ssc_change_order_key();
