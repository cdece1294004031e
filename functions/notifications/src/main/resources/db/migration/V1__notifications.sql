-- Notifications keeps its own replica of the tenant's users, learnt from user.registered.v1: it
-- never reads identity's schema. Every table is keyed by tenant first.
CREATE TABLE recipient (
  tenant_id     text        NOT NULL,
  user_id       text        NOT NULL,
  email         text        NOT NULL,
  name          text        NOT NULL,
  roles         text[]      NOT NULL,
  registered_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, user_id)
);

-- The events consumed, as published: GET /events, the catch-up path of a client that was offline.
CREATE TABLE event_log (
  tenant_id text        NOT NULL,
  id        text        NOT NULL,
  type      text        NOT NULL,
  time      timestamptz NOT NULL,
  subject   text,
  event     jsonb       NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX event_log_newest ON event_log (tenant_id, time DESC, id DESC);
CREATE INDEX event_log_by_type ON event_log (tenant_id, type, time DESC, id DESC);

-- The inbox: one row per (cause, recipient). cause_id is the CloudEvent id, or the send's id.
CREATE TABLE notification (
  tenant_id  text        NOT NULL,
  id         text        NOT NULL,
  user_id    text        NOT NULL,
  cause_id   text        NOT NULL,
  event_type text,
  subject    text,
  title      text        NOT NULL,
  body       text        NOT NULL,
  severity   text        NOT NULL,
  created_at timestamptz NOT NULL,
  read_at    timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, cause_id, user_id)
);
CREATE INDEX notification_inbox ON notification (tenant_id, user_id, created_at DESC, id DESC);
CREATE INDEX notification_unread ON notification (tenant_id, user_id) WHERE read_at IS NULL;

-- One row per (cause, recipient, channel): the unique key is what makes a redelivered event or a
-- concurrent consumer unable to deliver twice. A sender claims a row (status 'sending' with a
-- lease) before it sends; a lease that runs out (the sender died) makes the row claimable again.
CREATE TABLE delivery (
  tenant_id       text        NOT NULL,
  cause_id        text        NOT NULL,
  user_id         text        NOT NULL,
  channel         text        NOT NULL,
  notification_id text        NOT NULL,
  status          text        NOT NULL,
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  lease_until     timestamptz,
  error           text,
  updated_at      timestamptz NOT NULL,
  PRIMARY KEY (cause_id, user_id, channel),
  CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'skipped', 'limited'))
);
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status IN ('queued', 'sending');

-- Open WebSocket connections ($connect to $disconnect), forgotten at API Gateway's 2 h limit.
CREATE TABLE connection (
  connection_id text        PRIMARY KEY,
  tenant_id     text        NOT NULL,
  user_id       text        NOT NULL,
  roles         text[]      NOT NULL,
  connected_at  timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL
);
CREATE INDEX connection_by_user ON connection (tenant_id, user_id);

-- The last task.status-changed.v1 sequence applied per task: an older one is stale and dropped.
CREATE TABLE task_sequence (
  tenant_id text   NOT NULL,
  task_id   text   NOT NULL,
  sequence  bigint NOT NULL,
  PRIMARY KEY (tenant_id, task_id)
);

-- A user's channels per event type and severity, phone number (E.164) and quiet hours.
CREATE TABLE preference (
  tenant_id   text        NOT NULL,
  user_id     text        NOT NULL,
  phone       text,
  time_zone   text        NOT NULL,
  quiet_start time,
  quiet_end   time,
  channels    jsonb       NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, user_id)
);

-- Sends per tenant, channel and hour: over the channel's limit a delivery is recorded 'limited'.
CREATE TABLE channel_usage (
  tenant_id    text        NOT NULL,
  channel      text        NOT NULL,
  window_start timestamptz NOT NULL,
  sends        integer     NOT NULL,
  PRIMARY KEY (tenant_id, channel, window_start)
);
