-- Decision 0020: failed logins are counted per email and client address (client '*' counts the
-- email across every address), and addresses that logged in successfully are remembered, so an
-- attacker's failures lock out the attacker's address, not the account's owner.
DROP TABLE login_failure;
CREATE TABLE login_failure (
  email           text        NOT NULL,
  client          text        NOT NULL,
  failures        integer     NOT NULL,
  first_failed_at timestamptz NOT NULL,
  locked_until    timestamptz,
  PRIMARY KEY (email, client)
);
CREATE INDEX login_failure_first ON login_failure (first_failed_at);

CREATE TABLE login_known_client (
  email         text        NOT NULL,
  client        text        NOT NULL,
  last_login_at timestamptz NOT NULL,
  PRIMARY KEY (email, client)
);
CREATE INDEX login_known_client_last ON login_known_client (last_login_at);
