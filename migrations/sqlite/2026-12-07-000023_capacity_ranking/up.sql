-- Matching (issue 22): the capacities that may be offered, with what ranking them reads
-- of each, so the ranking query never reads the capacities' wide rows (their
-- representations): a partial index over active, approved capacities. `status` and
-- `approved_version` are columns of the index as well as its condition: SQLite takes an
-- index as covering only when it holds every column the query names.
CREATE INDEX capacities_offerable
    ON capacities (visibility, created_seq, id, experts_available, status, approved_version)
    WHERE status = 'active' AND approved_version IS NOT NULL;
