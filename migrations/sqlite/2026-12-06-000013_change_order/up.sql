-- Nothing on SQLite: one writer appends at a time, so `seq` order is commit order already
-- (the PostgreSQL migration of the same number records each change's transaction).
SELECT 1;
