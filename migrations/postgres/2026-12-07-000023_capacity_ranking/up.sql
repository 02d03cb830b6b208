-- Matching (issue 22): the capacities that may be offered, with what ranking them reads
-- of each, so the ranking query never reads the capacities' wide rows (their
-- representations): a partial index over active, approved capacities.
CREATE INDEX capacities_offerable ON capacities (visibility, created_seq, id, experts_available)
    WHERE status = 'active' AND approved_version IS NOT NULL;
