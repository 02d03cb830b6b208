DROP TABLE project_transaction_items;
DROP TABLE project_transactions;
