-- Tables every function's schema has, owned by functions/platform. Platform migrations are versioned
-- 0.n, below every function's own, and applied out of order (decision 0013). This one was the
-- repeatable R__platform_tables until the outbox needed a new destination kind: IF NOT EXISTS keeps
-- it a no-op on the databases that script made.

-- Transactional outbox: written in the same transaction as the state change, drained by OutboxRelay.
-- One row holds the messages one transaction recorded for one destination (a request storing 1000
-- readings writes one row), packed and LZ4-compressed by PackedMessages.
CREATE TABLE IF NOT EXISTS outbox (
  seq              bigserial   PRIMARY KEY,
  destination_kind text        NOT NULL CHECK (destination_kind IN ('kafka', 'sns')),
  destination      text        NOT NULL,               -- Kafka topic or SNS topic name
  message_count    integer     NOT NULL CHECK (message_count > 0),
  messages         bytea       NOT NULL,               -- event ids, keys and CloudEvents JSON
  created_at       timestamptz NOT NULL DEFAULT now(),
  attempts         integer     NOT NULL DEFAULT 0,
  last_error       text
);
-- Already compressed: PostgreSQL need not try again.
ALTER TABLE outbox ALTER COLUMN messages SET STORAGE EXTERNAL;

-- Idempotent consumers: an event id is processed once per consumer, in the consumer's transaction.
CREATE TABLE IF NOT EXISTS processed_event (
  consumer     text        NOT NULL,
  event_id     text        NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
