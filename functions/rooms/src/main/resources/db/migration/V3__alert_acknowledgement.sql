-- Who acknowledged an alert first and when (POST /alerts/{alertId}/ack, decision 0044); both null
-- until someone does.
ALTER TABLE alert ADD COLUMN acknowledged_by text, ADD COLUMN acknowledged_at timestamptz;
