DROP INDEX capacities_offerable;
