-- Reports (POST /analytics/reports, task kind analytics-report; decision 0042). The report's id is
-- its task's id; where the run stands is the platform's task_run row of that id.
CREATE TABLE report (
  tenant_id    text        NOT NULL,
  id           text        NOT NULL,
  kind         text        NOT NULL,
  building     text,
  from_ts      timestamptz NOT NULL,
  to_ts        timestamptz NOT NULL,
  format       text        NOT NULL,
  created_by   text        NOT NULL,
  created_at   timestamptz NOT NULL,
  days         integer     NOT NULL,
  days_done    integer     NOT NULL DEFAULT 0,   -- progress, as the run last reported it
  -- Set by the run once its file is stored.
  file_name    text,
  completed_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
