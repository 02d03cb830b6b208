DROP INDEX project_participants_roles;
DROP TRIGGER project_execution_sums_on_delete;
DROP TABLE execution_sums;
DROP TABLE project_execution_sums;
