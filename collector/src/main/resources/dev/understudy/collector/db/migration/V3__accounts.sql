-- Governance (issue 14): accounts of the web console, browser sessions, the workers' one-time portal
-- links, the decision reasons of exemptions, and the workers' task labels. Portable SQL (SQLite and PostgreSQL).

CREATE TABLE accounts (
    name          VARCHAR(100) PRIMARY KEY,     -- login name
    role          VARCHAR(16)  NOT NULL,        -- admin, officer, builder (workers have no account: they come from their device)
    password_hash TEXT         NOT NULL,        -- $argon2id$v=19$m=...,t=...,p=...$salt$hash (base64, no padding)
    created_at    BIGINT       NOT NULL,
    disabled_at   BIGINT
);

CREATE TABLE web_sessions (
    id_hash     VARCHAR(64)  PRIMARY KEY,       -- SHA-256 hex of the cookie's value; the value itself is never stored
    role        VARCHAR(16)  NOT NULL,          -- worker, admin, officer, builder
    subject     VARCHAR(100) NOT NULL,          -- the account's name, or for a worker the person's pseudonym
    device      VARCHAR(32),                    -- a worker's session: the device that asked for the link
    csrf        VARCHAR(64)  NOT NULL,          -- the token every form of this session carries
    created_at  BIGINT       NOT NULL,
    expires_at  BIGINT       NOT NULL
);

CREATE TABLE portal_links (
    token_hash  VARCHAR(64)  PRIMARY KEY,       -- SHA-256 hex of the link's secret
    person      VARCHAR(64)  NOT NULL,
    device      VARCHAR(32)  NOT NULL,
    created_at  BIGINT       NOT NULL,
    expires_at  BIGINT       NOT NULL,
    used_at     BIGINT                          -- one use only
);

-- why an admin approved or denied an exemption (the worker sees it in the portal), and who decided
ALTER TABLE exemptions ADD COLUMN decision_reason TEXT;
ALTER TABLE exemptions ADD COLUMN decided_by VARCHAR(100);

CREATE TABLE task_labels (
    device      VARCHAR(32)  NOT NULL,
    session     VARCHAR(64)  NOT NULL,
    person      VARCHAR(64)  NOT NULL,
    label       TEXT         NOT NULL,          -- "what were you doing?", the worker's words
    labelled_at BIGINT       NOT NULL,
    PRIMARY KEY (device, session)
);
CREATE INDEX task_labels_person ON task_labels (person);

-- what the k-anonymous aggregates count, per committed session (computed once from its events; never shown per
-- session or per person: only cells of at least k distinct persons are published)
CREATE TABLE session_stats (
    device      VARCHAR(32)  NOT NULL,
    session     VARCHAR(64)  NOT NULL,
    person      VARCHAR(64)  NOT NULL,
    team        VARCHAR(200) NOT NULL,
    day         VARCHAR(10)  NOT NULL,          -- UTC day the session started, yyyy-mm-dd
    stats       TEXT         NOT NULL,          -- {"apps":{name:steps}, "actions":{type:steps}, "steps":n, "redactions":n}
    PRIMARY KEY (device, session)
);
