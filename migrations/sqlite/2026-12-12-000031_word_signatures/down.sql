DROP TRIGGER request_signatures_delete;
DROP TRIGGER request_signatures_update;
DROP TRIGGER request_signatures_insert;
DROP TABLE request_signatures;
DROP TRIGGER capacity_signatures_delete;
DROP TRIGGER capacity_signatures_update;
DROP TRIGGER capacity_signatures_insert;
DROP TABLE capacity_signatures;
