-- Outbox messages may go to SQS queues (Destination.sqs): tasks dispatch work to the queue of the
-- function that owns the data. The rows already there are all 'kafka' or 'sns', so the new CHECK
-- validates at once; the outbox holds only what is not published yet, so the lock is short.
ALTER TABLE outbox DROP CONSTRAINT IF EXISTS outbox_destination_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_destination_kind_check
  CHECK (destination_kind IN ('kafka', 'sns', 'sqs'));
