-- The rooms that exist, per tenant, learnt from rooms' room.changed.v1 (SNS room-events → SQS
-- sensors-rooms): a sensor may only be registered in one of them (docs/decisions/0039). changed_at
-- keeps the newest change whatever order SQS delivers them in.
CREATE TABLE room (
  tenant_id  text        NOT NULL,
  id         text        NOT NULL,
  changed_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
