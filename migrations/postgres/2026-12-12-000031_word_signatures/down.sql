CREATE OR REPLACE FUNCTION request_search_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO request_search (id, search_vector)
        VALUES (NEW.id, to_tsvector('simple', NEW.search_text))
        ON CONFLICT (id) DO UPDATE SET search_vector = EXCLUDED.search_vector;
    RETURN NULL;
END $$;
ALTER TABLE request_search DROP COLUMN signature;
CREATE OR REPLACE FUNCTION capacity_search_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO capacity_search (id, search_vector)
        VALUES (NEW.id, to_tsvector('simple', NEW.search_text))
        ON CONFLICT (id) DO UPDATE SET search_vector = EXCLUDED.search_vector;
    RETURN NULL;
END $$;
ALTER TABLE capacity_search DROP COLUMN signature;
DROP FUNCTION ssc_word_signature(tsvector);
DROP FUNCTION ssc_lexeme_bit(text);
