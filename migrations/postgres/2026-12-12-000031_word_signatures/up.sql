-- Matching (issue 22, speed): each capacity's and request's words as a 64-bit set, kept
-- beside its `tsvector` in the narrow search tables (000027): bit `n mod 64` of each
-- lexeme, `n` the first byte of its MD5 (`ssc_lexeme_bit`). Counting how many key words a
-- record holds tests each word's query against its `tsvector` (32 tests a row); the
-- signature bounds that count from above with one AND, so that the search for the most
-- key words any record holds counts only the few records that could hold more
-- (`store::matching::most_held_sql`). A record without one (null) is never skipped.
CREATE FUNCTION ssc_lexeme_bit(lexeme text) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN get_byte(decode(md5(lexeme), 'hex'), 0) % 64;
CREATE FUNCTION ssc_word_signature(vector tsvector) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (SELECT COALESCE(bit_or(1::bigint << ssc_lexeme_bit(l)), 0)
            FROM unnest(tsvector_to_array(vector)) l);

ALTER TABLE capacity_search ADD COLUMN signature bigint;
UPDATE capacity_search SET signature = ssc_word_signature(search_vector);
CREATE OR REPLACE FUNCTION capacity_search_write() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    vector tsvector := to_tsvector('simple', NEW.search_text);
BEGIN
    INSERT INTO capacity_search (id, search_vector, signature)
        VALUES (NEW.id, vector, ssc_word_signature(vector))
        ON CONFLICT (id) DO UPDATE
        SET search_vector = EXCLUDED.search_vector, signature = EXCLUDED.signature;
    RETURN NULL;
END $$;

ALTER TABLE request_search ADD COLUMN signature bigint;
UPDATE request_search SET signature = ssc_word_signature(search_vector);
CREATE OR REPLACE FUNCTION request_search_write() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    vector tsvector := to_tsvector('simple', NEW.search_text);
BEGIN
    INSERT INTO request_search (id, search_vector, signature)
        VALUES (NEW.id, vector, ssc_word_signature(vector))
        ON CONFLICT (id) DO UPDATE
        SET search_vector = EXCLUDED.search_vector, signature = EXCLUDED.signature;
    RETURN NULL;
END $$;
