-- PostgreSQL's advisory locks become per schema (see the PostgreSQL migration of the same
-- name). SQLite has one writer and no advisory locks: nothing to change. This migration
-- keeps both backends' histories the same length.
SELECT 1;
