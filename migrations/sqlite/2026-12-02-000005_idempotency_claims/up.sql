-- A claim on an idempotency key is owned by the request that made it: only the holder of
-- `claim_token` completes or releases it, and taking over an abandoned claim is
-- conditional on the token seen, so two retries cannot both take it over.
ALTER TABLE idempotency_keys ADD COLUMN claim_token TEXT NOT NULL DEFAULT '';
