-- PostgreSQL only (rows stored uncompressed, the outbox written by a trigger): nothing
-- to change on SQLite. This migration keeps both backends' histories the same length.
SELECT 1;
