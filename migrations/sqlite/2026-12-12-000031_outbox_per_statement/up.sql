-- PostgreSQL only (the outbox's trigger fires once per statement): nothing to change on
-- SQLite, which writes the outbox itself. This migration keeps both backends' histories
-- the same length.
SELECT 1;
