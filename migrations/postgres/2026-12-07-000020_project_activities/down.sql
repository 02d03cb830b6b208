DROP TABLE project_activity_costs;
DROP TABLE project_activity_items;
DROP TABLE project_activities;
