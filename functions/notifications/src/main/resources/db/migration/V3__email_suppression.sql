-- Addresses SES reported as hard-bounced or complaining (its bounce and complaint events, through
-- SNS email-feedback and SQS notifications-email-feedback): no more email goes to them in that
-- tenant. email is lower-cased; the first report's reason is kept.
CREATE TABLE email_suppression (
  tenant_id     text        NOT NULL,
  email         text        NOT NULL,
  reason        text        NOT NULL,
  feedback_id   text        NOT NULL,
  suppressed_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, email)
);

CREATE INDEX delivery_by_notification ON delivery (tenant_id, notification_id);
