DROP TABLE project_indicators;
DROP TABLE project_results;
