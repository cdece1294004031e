-- Tasks run where their data lives (decisions 0029, 0032): the function that owns a task kind keeps
-- one row per task it was asked to run, so a run survives the end of an invocation, a crash and a
-- cancel that arrives before the work.
CREATE TABLE IF NOT EXISTS task_run (
  task_id          text        PRIMARY KEY,
  tenant_id        text        NOT NULL,
  kind             text        NOT NULL,
  params           text,                                -- the work message's params (JSON), for a cleanup
  created_by       text,
  attempt          integer     NOT NULL CHECK (attempt >= 1),
  state            text        NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'cancelled')),
  -- The id of the work message (CloudEvent) allowed to run the task now: a continuation or retry
  -- replaces it, so an older message delivered again is recognised and dropped.
  work_event_id    text,
  -- The invocation holding the run (a random id) and until when (its Lambda deadline); null while
  -- none does. A worker past its lease has lost the run, even to a redelivery of its own message.
  run_id           text,
  lease_until      timestamptz,
  cancel_requested boolean     NOT NULL DEFAULT false,
  checkpoint       text,                                -- the runner's state (JSON) to resume from
  report_sequence  bigint      NOT NULL DEFAULT 0,      -- of the last task.progress-reported.v1
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- A retry waits out its backoff as an SQS message delay (Destination.sqs(queue, delay)); rows
-- written before this column existed were not delayed.
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS delay_seconds integer NOT NULL DEFAULT 0
  CHECK (delay_seconds BETWEEN 0 AND 900);
