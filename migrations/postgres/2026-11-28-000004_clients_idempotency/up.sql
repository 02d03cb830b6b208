-- API clients: partner systems authenticating with a client id and secret (OAuth 2.0
-- client credentials). Only an Argon2id hash of the secret is kept.
CREATE TABLE api_clients (
    id              TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL,
    organisation_id TEXT COLLATE "C" NOT NULL REFERENCES organisations (id),
    role            TEXT NOT NULL,
    secret_hash     TEXT NOT NULL,
    -- Incremented by every rotation.
    secret_version  BIGINT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    created_by      TEXT NOT NULL,
    revoked_at      TIMESTAMP
);
CREATE INDEX api_clients_organisation ON api_clients (organisation_id);

-- Idempotency keys: the first response to a POST with an Idempotency-Key, kept so that a
-- retry with the same key replays it instead of writing twice. Scoped by caller.
CREATE TABLE idempotency_keys (
    scope        TEXT COLLATE "C" NOT NULL,
    key          TEXT COLLATE "C" NOT NULL,
    fingerprint  TEXT NOT NULL,
    -- in_progress while the first request runs, then done
    state        TEXT NOT NULL,
    status       INTEGER,
    headers      TEXT,
    body         BYTEA,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
