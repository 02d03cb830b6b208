DROP TABLE incomplete_drafts;
