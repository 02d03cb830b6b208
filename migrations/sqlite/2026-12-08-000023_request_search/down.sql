DROP TRIGGER request_search_delete;
DROP TRIGGER request_search_update;
DROP TRIGGER request_search_insert;
DROP TABLE request_search;
DROP INDEX cooperation_requests_created_seq;
