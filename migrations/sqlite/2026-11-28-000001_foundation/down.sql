DROP TABLE changes;
DROP TABLE organisations;
