DROP INDEX capacities_search;
ALTER TABLE capacities DROP COLUMN search_vector;
