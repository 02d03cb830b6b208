-- Webhooks: subscriptions of partner systems (or the directorate's own) to the change
-- feed, an outbox of changes written in the change's own transaction, and the deliveries
-- made from it with a log of every attempt.

CREATE TABLE webhook_subscriptions (
    id                          TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    url                         TEXT NOT NULL,
    -- The API client whose read scope the deliveries follow; NULL: the directorate's
    -- own systems, which read everything.
    client_id                   TEXT COLLATE "C" REFERENCES api_clients (id),
    -- JSON arrays: the event types (`project.update`, ...) and record kinds delivered;
    -- empty: all of them.
    event_types                 TEXT NOT NULL,
    kinds                       TEXT NOT NULL,
    -- Only changes made for this organisation (the change's organisation_id); not a
    -- foreign key: an organisation may go, and its subscriptions then match nothing.
    organisation_id             TEXT COLLATE "C",
    -- The signing secret, encrypted with SSC_WEBHOOK_KEY (never in plain text).
    secret_ciphertext           TEXT NOT NULL,
    -- After a rotation, the previous secret signs too until previous_secret_until.
    previous_secret_ciphertext  TEXT,
    previous_secret_until       TIMESTAMP,
    secret_version              BIGINT NOT NULL,
    -- active or disabled (then disabled_reason says why).
    state                       TEXT NOT NULL,
    disabled_reason             TEXT,
    disabled_at                 TIMESTAMP,
    created_at                  TIMESTAMP NOT NULL,
    updated_at                  TIMESTAMP NOT NULL,
    created_by                  TEXT NOT NULL
);
CREATE INDEX webhook_subscriptions_client ON webhook_subscriptions (client_id);

-- Changes not yet fanned out to the subscriptions; written with the change.
CREATE TABLE webhook_outbox (
    seq         BIGINT PRIMARY KEY NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE webhook_deliveries (
    -- The `webhook-id`: the same for every attempt of this event to this subscription.
    id                 TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    subscription_id    TEXT COLLATE "C" NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    -- The change delivered; NULL for a test ping.
    seq                BIGINT,
    event_type         TEXT NOT NULL,
    -- `<resource>:<id>`: deliveries of one record go out in seq order.
    record_key         TEXT COLLATE "C" NOT NULL,
    payload            TEXT NOT NULL,
    -- pending, delivered or failed
    state              TEXT NOT NULL,
    attempts           INTEGER NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    -- Retries stop (and the subscription is disabled) 24 hours after this.
    window_started_at  TIMESTAMP NOT NULL,
    next_attempt_at    TIMESTAMP NOT NULL,
    -- A replica working on the delivery holds it until lease_until.
    lease_until        TIMESTAMP,
    lease_token        TEXT,
    delivered_at       TIMESTAMP,
    last_status        INTEGER,
    last_error         TEXT,
    UNIQUE (subscription_id, seq)
);
-- Whether anything is due; then the queue, oldest change first.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_queue ON webhook_deliveries (state, seq);
CREATE INDEX webhook_deliveries_record ON webhook_deliveries (subscription_id, record_key, seq);
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (subscription_id, id);

CREATE TABLE webhook_attempts (
    id                TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    delivery_id       TEXT COLLATE "C" NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt           INTEGER NOT NULL,
    at                TIMESTAMP NOT NULL,
    -- The answer's status; NULL when none came (refused target, timeout, connection).
    status            INTEGER,
    latency_ms        BIGINT NOT NULL,
    error             TEXT,
    -- The first bytes of the answer's body.
    response_excerpt  TEXT
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempt);
