-- Matching in reverse (issue 22): what ranking open requests reads of each request, so
-- the ranking query never reads the requests' wide rows (their representations). Every
-- column the query names is in it: SQLite takes an index as covering only then.
CREATE INDEX cooperation_requests_ranking
    ON cooperation_requests (status, created_seq, id, visibility, approved_version, country_code);
