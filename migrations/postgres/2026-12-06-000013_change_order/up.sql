-- The change feed's order without a lock held until commit (issue 26). Writers run in
-- parallel and commit in any order; a reader must still never skip a change. Each change
-- records the transaction that wrote it, and every transaction that appends takes its
-- transaction id and its `seq`s together under a lock held only for that moment
-- (`ssc_draw_change_seq`), so among appending transactions a smaller transaction id means
-- smaller `seq`s. A reader then knows who may still hold a missing `seq`: a transaction
-- whose id lies between those of the changes around the gap, still in progress in its
-- snapshot (`store::changes`, the horizon). An appending transaction also holds a shared
-- advisory lock named after this database's sequence until it ends, so that a reader can
-- tell it from a transaction that appends nothing (which never holds the feed back).
ALTER TABLE changes ADD COLUMN txid xid8;
-- `seq` is drawn by the trigger below, under the lock, never by a default.
ALTER TABLE changes ALTER COLUMN seq DROP DEFAULT;

-- The key of the lock that marks a transaction appending to this database's changes.
CREATE FUNCTION ssc_appending_key() RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT (7245104::bigint << 32) | 'changes_seq_seq'::regclass::oid::bigint
$$;

-- The next `seq` for a change of this transaction. The first draw takes the transaction id
-- and the `seq` under the order lock, inside a block whose end (a subtransaction rolled
-- back on purpose) releases the lock at once, whatever happens in between. A transaction
-- that appends more changes later keeps the lock until it commits (so its `seq`s stay
-- together): at once with `ssc_hold_change_order()` (a bulk load), or at its second
-- draw, refused then (serialization failure, a retry succeeds) if another transaction
-- drew in between.
CREATE FUNCTION ssc_draw_change_seq() RETURNS bigint LANGUAGE plpgsql AS $$
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

-- For a transaction about to append many changes: the order lock until it commits.
CREATE FUNCTION ssc_hold_change_order() RETURNS void LANGUAGE plpgsql AS $$
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

CREATE FUNCTION ssc_change_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.seq := ssc_draw_change_seq();
    NEW.txid := pg_current_xact_id();
    RETURN NEW;
END $$;

CREATE TRIGGER changes_order BEFORE INSERT ON changes
    FOR EACH ROW EXECUTE FUNCTION ssc_change_order();

-- Readers find, for each transaction in progress, the first change written after it.
CREATE INDEX changes_txid ON changes (txid);


-- Where the change feed is settled for the calling transaction: [seq, beyond], the
-- `seq` up to which every change is visible and none can appear later, and how many
-- visible changes lie beyond it (`store::changes::horizon`).
-- Among appending transactions a smaller transaction id has smaller `seq`s, so those of
-- an in-progress transaction `y` lie just below the first change written by a later
-- one, if there is a gap there. Only a transaction older than the latest change can hide
-- one (usually none: a cheap first step). Such a transaction holds the horizon back if
-- it appends (it holds the lock `ssc_appending_key` names), or if it ended after this
-- snapshot was taken (its change may be one this snapshot does not see); the locks are
-- read before its status, so that one that appended cannot slip between the two, and
-- only when there is such a transaction. The horizon is the change before the lowest gap
-- held back, or the latest change.
CREATE FUNCTION ssc_change_horizon() RETURNS bigint[] LANGUAGE plpgsql STABLE AS $$
DECLARE
    horizon bigint[];
BEGIN
    WITH snapshot AS MATERIALIZED (SELECT pg_current_snapshot() AS s),
    latest AS MATERIALIZED (SELECT max(txid) AS txid FROM changes),
    older AS MATERIALIZED (
        SELECT y FROM snapshot, latest, pg_snapshot_xip(snapshot.s) AS y WHERE y < latest.txid
    ),
    appending AS MATERIALIZED (
        SELECT coalesce(array_agg(held.transactionid::text::bigint), '{}') AS xids
        FROM pg_locks AS marked
        JOIN pg_locks AS held ON held.virtualtransaction = marked.virtualtransaction
        WHERE marked.locktype = 'advisory' AND marked.objsubid = 1
          AND marked.classid = (ssc_appending_key() >> 32)::text::oid
          AND marked.objid = (ssc_appending_key() & 4294967295)::text::oid
          AND held.locktype = 'transactionid'
    ),
    candidates AS MATERIALIZED (
        SELECT y FROM older
        WHERE CASE
            WHEN (SELECT (older.y::text::bigint % 4294967296) = ANY (xids) FROM appending)
            THEN true
            ELSE pg_xact_status(older.y) <> 'in progress'
        END
    ),
    held_back AS (
        SELECT min(before.seq) AS seq
        FROM candidates,
        LATERAL (SELECT seq FROM changes WHERE txid > candidates.y ORDER BY txid, seq LIMIT 1) AS after,
        LATERAL (SELECT coalesce(max(seq), 0) AS seq FROM changes WHERE seq < after.seq) AS before
        WHERE before.seq < after.seq - 1
    ),
    settled AS (
        SELECT coalesce((SELECT seq FROM held_back), (SELECT max(seq) FROM changes), 0) AS seq
    )
    SELECT ARRAY[settled.seq,
           (SELECT count(*) FROM changes WHERE changes.seq > settled.seq)]
    FROM settled
    INTO horizon;
    RETURN horizon;
END $$;
