DROP INDEX cooperation_requests_search;
ALTER TABLE cooperation_requests DROP COLUMN search_vector;
