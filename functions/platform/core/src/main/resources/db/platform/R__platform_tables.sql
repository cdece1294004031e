-- Tables every function's schema has, owned by functions/platform. Repeatable and idempotent so a
-- function's own versioned migrations never collide with these.

-- Transactional outbox: written in the same transaction as the state change, drained by OutboxRelay.
CREATE TABLE IF NOT EXISTS outbox (
  seq              bigserial   PRIMARY KEY,
  id               text        NOT NULL UNIQUE,        -- the event id consumers dedupe on
  destination_kind text        NOT NULL CHECK (destination_kind IN ('kafka', 'sns')),
  destination      text        NOT NULL,               -- Kafka topic or SNS topic name
  message_key      text,                               -- Kafka record key (ordering)
  payload          text        NOT NULL,               -- the CloudEvent JSON
  created_at       timestamptz NOT NULL DEFAULT now(),
  attempts         integer     NOT NULL DEFAULT 0,
  last_error       text
);

-- Idempotent consumers: an event id is processed once per consumer, in the consumer's transaction.
CREATE TABLE IF NOT EXISTS processed_event (
  consumer     text        NOT NULL,
  event_id     text        NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
