-- Every approved representation stored again, the current one's too.
UPDATE projects SET approved_representation = representation WHERE approved_version = version AND approved_representation IS NULL;
UPDATE partnerships SET approved_representation = representation WHERE approved_version = version AND approved_representation IS NULL;
UPDATE triangular_arrangements SET approved_representation = representation WHERE approved_version = version AND approved_representation IS NULL;
UPDATE policy_exchanges SET approved_representation = representation WHERE approved_version = version AND approved_representation IS NULL;
UPDATE capacities SET approved_representation = representation WHERE approved_version = version AND approved_representation IS NULL;
UPDATE cooperation_requests SET approved_representation = representation WHERE approved_version = version AND approved_representation IS NULL;
