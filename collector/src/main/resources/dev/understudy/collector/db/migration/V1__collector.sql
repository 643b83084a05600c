-- The collector's metadata. Portable SQL: the same file runs on SQLite and PostgreSQL.
-- Times are milliseconds since the epoch (UTC); binary values are base64 text.

CREATE TABLE enroll_tokens (
    hash         VARCHAR(64)  PRIMARY KEY,      -- SHA-256 hex of the token's secret; the secret is never stored
    team         VARCHAR(200) NOT NULL,
    expires_at   BIGINT       NOT NULL,
    created_at   BIGINT       NOT NULL,
    last_used_at BIGINT
);

CREATE TABLE persons (
    id          VARCHAR(64) PRIMARY KEY,        -- HMAC-SHA256(server person key, local user name), hex
    wrapped_key TEXT        NOT NULL,           -- the person's AES-256 data key sealed with the master key
    created_at  BIGINT      NOT NULL
);

CREATE TABLE devices (
    id               VARCHAR(32)  PRIMARY KEY,  -- chosen by the device (128 random bits, hex)
    team             VARCHAR(200) NOT NULL,
    person           VARCHAR(64)  NOT NULL,
    state            VARCHAR(16)  NOT NULL,     -- active, revoked, cloned
    agent_version    VARCHAR(100),
    os               VARCHAR(200),
    policy_version   BIGINT,
    backlog_sessions BIGINT,
    backlog_bytes    BIGINT,
    last_upload_wall BIGINT,
    last_seen        BIGINT,                    -- written at most once a minute per device
    upload_budget    BIGINT,                    -- bytes per day; null: no limit
    created_at       BIGINT       NOT NULL
);
CREATE INDEX devices_person ON devices (person);

CREATE TABLE credentials (
    secret_hash   VARCHAR(64) PRIMARY KEY,      -- SHA-256 hex of the secret
    device        VARCHAR(32) NOT NULL,
    created_at    BIGINT      NOT NULL,
    superseded_at BIGINT,                       -- set when the device rotated away from it
    successor     VARCHAR(64),                  -- secret_hash of the credential that replaced it
    first_used_at BIGINT,
    last_used_at  BIGINT
);
CREATE INDEX credentials_device ON credentials (device);

CREATE TABLE chunks (
    person    VARCHAR(64) NOT NULL,
    id        VARCHAR(64) NOT NULL,             -- SHA-256 hex of the plaintext
    size      BIGINT      NOT NULL,             -- plaintext bytes
    device    VARCHAR(32) NOT NULL,             -- who uploaded it first (upload budgets)
    stored_at BIGINT      NOT NULL,
    PRIMARY KEY (person, id)
);
CREATE INDEX chunks_device_time ON chunks (device, stored_at);

CREATE TABLE sessions (
    device       VARCHAR(32) NOT NULL,
    session      VARCHAR(64) NOT NULL,
    person       VARCHAR(64) NOT NULL,
    manifest     TEXT        NOT NULL,
    files        TEXT        NOT NULL,
    bytes        BIGINT      NOT NULL,
    committed_at BIGINT      NOT NULL,
    PRIMARY KEY (device, session)
);
CREATE INDEX sessions_person ON sessions (person);
CREATE INDEX sessions_session ON sessions (session);

CREATE TABLE policies (
    version      BIGINT       PRIMARY KEY,      -- 1, 2, 3 ... over all teams
    team         VARCHAR(200),                  -- null: every team
    yaml         TEXT         NOT NULL,
    sha256       VARCHAR(64)  NOT NULL,
    published_at BIGINT       NOT NULL
);

CREATE TABLE exemptions (
    id           VARCHAR(32) PRIMARY KEY,
    device       VARCHAR(32) NOT NULL,
    person       VARCHAR(64) NOT NULL,
    reason       TEXT,
    hours        INTEGER,
    state        VARCHAR(16) NOT NULL,          -- pending, approved, denied
    requested_at BIGINT      NOT NULL,
    decided_at   BIGINT,
    expires_at   BIGINT
);
CREATE INDEX exemptions_device ON exemptions (device);

CREATE TABLE server_secrets (
    name       VARCHAR(100) PRIMARY KEY,        -- tls, policy-key, person-hmac (sealed); fingerprint (plain)
    value      TEXT         NOT NULL,
    created_at BIGINT       NOT NULL
);
