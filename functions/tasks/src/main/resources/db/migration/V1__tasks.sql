-- Tasks and their lifecycle (docs/decisions/0029, 0030, 0031). The tasks function alone owns this
-- schema; the functions that run tasks report on Kafka task.reports.
CREATE TABLE task (
  id               text        PRIMARY KEY,
  tenant_id        text        NOT NULL,
  kind             text        NOT NULL,
  params           jsonb       NOT NULL,
  status           text        NOT NULL CHECK (status IN ('pending', 'running', 'cancelling',
                                 'succeeded', 'failed', 'cancelled', 'timed-out')),
  progress_done    bigint      NOT NULL DEFAULT 0,
  progress_total   bigint,
  progress_message text,
  attempts         integer     NOT NULL DEFAULT 0,
  created_by       text        NOT NULL,
  created_at       timestamptz NOT NULL,
  started_at       timestamptz,
  finished_at      timestamptz,
  -- The last report applied (or the creation): what the timeout sweep measures silence from.
  last_activity_at timestamptz NOT NULL,
  -- Sequence of the last owner report applied: a report at or below it is stale.
  report_sequence  bigint      NOT NULL DEFAULT 0,
  -- Sequence of the last task.status-changed.v1 published for the task.
  event_sequence   bigint      NOT NULL DEFAULT 0,
  result_summary   text,
  result_file      jsonb,      -- {key, name, contentType, sizeBytes} in the reports bucket
  error            jsonb       -- RFC 9457 problem
);
-- GET /tasks: a tenant's tasks newest first, keyset-paged on (created_at, id).
CREATE INDEX task_by_tenant_newest ON task (tenant_id, created_at DESC, id DESC);
-- The sweep: unfinished tasks by how long they have been silent.
CREATE INDEX task_unfinished_by_activity ON task (last_activity_at)
  WHERE status IN ('pending', 'running', 'cancelling');

-- Idempotency-Key per tenant: the request's fingerprint and the task it created.
CREATE TABLE idempotency_key (
  tenant_id   text        NOT NULL,
  key         text        NOT NULL,
  fingerprint text        NOT NULL,
  task_id     text        NOT NULL REFERENCES task (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);
CREATE INDEX idempotency_key_by_age ON idempotency_key (created_at);
