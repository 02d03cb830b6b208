-- A record's approved representation is stored only while it differs from the current one
-- (NULL: the current version is the approved one, or none was approved). Each row held its
-- JSON twice, which on PostgreSQL passed the TOAST threshold: every write compressed the
-- row and every read decompressed it (issue 26). `store::record_table` reads NULL so.
UPDATE projects SET approved_representation = NULL WHERE approved_version = version;
UPDATE partnerships SET approved_representation = NULL WHERE approved_version = version;
UPDATE triangular_arrangements SET approved_representation = NULL WHERE approved_version = version;
UPDATE policy_exchanges SET approved_representation = NULL WHERE approved_version = version;
UPDATE capacities SET approved_representation = NULL WHERE approved_version = version;
UPDATE cooperation_requests SET approved_representation = NULL WHERE approved_version = version;
