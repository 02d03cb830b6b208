DROP TRIGGER capacity_search_delete;
DROP TRIGGER capacity_search_update;
DROP TRIGGER capacity_search_insert;
DROP TABLE capacity_search;
DROP INDEX capacities_created_seq;
