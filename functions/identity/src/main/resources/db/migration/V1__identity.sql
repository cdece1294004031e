-- identity's schema: tenants, their users and clients, refresh tokens and login throttling.

CREATE TABLE tenant (
  id         text        PRIMARY KEY,
  name       text        NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE app_user (
  id            text        PRIMARY KEY,
  tenant_id     text        NOT NULL REFERENCES tenant (id),
  email         text        NOT NULL UNIQUE,   -- normalized (trimmed, lower-case) by the function
  name          text        NOT NULL,
  password_hash text        NOT NULL,          -- Argon2id, PHC string format
  roles         text[]      NOT NULL,
  created_at    timestamptz NOT NULL
);
-- GET /users pages through a tenant's users in creation order.
CREATE INDEX app_user_tenant_page ON app_user (tenant_id, created_at, id);

CREATE TABLE client (
  id            text        PRIMARY KEY,
  tenant_id     text        NOT NULL REFERENCES tenant (id),
  name          text        NOT NULL,
  description   text,
  secret_digest bytea       NOT NULL,          -- SHA-256 of a 256-bit random secret
  roles         text[]      NOT NULL,
  created_at    timestamptz NOT NULL,
  UNIQUE (tenant_id, name)
);

-- Rotating refresh tokens. Every refresh replaces the presented token with a new one of the same
-- family; presenting a replaced token again is reuse and revokes the whole family.
CREATE TABLE refresh_token (
  id                text        PRIMARY KEY,
  family_id         text        NOT NULL,
  tenant_id         text        NOT NULL,
  user_id           text        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  token_digest      bytea       NOT NULL UNIQUE,  -- SHA-256 of the opaque token
  issued_at         timestamptz NOT NULL,
  expires_at        timestamptz NOT NULL,
  family_expires_at timestamptz NOT NULL,         -- absolute end of the login session
  replaced_at       timestamptz,
  revoked_at        timestamptz
);
CREATE INDEX refresh_token_family ON refresh_token (family_id);
CREATE INDEX refresh_token_expiry ON refresh_token (family_expires_at);

-- Failed logins per email as typed (normalized), existing account or not, so the limit reveals
-- nothing about which emails have accounts.
CREATE TABLE login_failure (
  email             text        PRIMARY KEY,
  failures          integer     NOT NULL,
  window_started_at timestamptz NOT NULL,
  locked_until      timestamptz
);
CREATE INDEX login_failure_window ON login_failure (window_started_at);
