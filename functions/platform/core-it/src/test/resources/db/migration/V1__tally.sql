-- The test projection's state: a running total per tenant. Adding is not idempotent, so a total
-- that is right proves each event was applied exactly once.
CREATE TABLE tally (
  tenant_id text    PRIMARY KEY,
  total     integer NOT NULL,
  events    integer NOT NULL
);
