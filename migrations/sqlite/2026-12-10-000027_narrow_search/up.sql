-- Nothing on SQLite: its full-text indexes (capacity_search, request_search) are already
-- tables of their own (FTS5), apart from the records' wide rows. See the PostgreSQL one.
SELECT 1;
