-- Audit log, erasure tombstones and dataset lineage. Portable SQL: the same file runs on SQLite and PostgreSQL.
-- Times are milliseconds since the epoch (UTC).

-- Append-only and hash-chained: hash = SHA-256 over (prev_hash, seq, at, role, actor, action, subject, persons).
CREATE TABLE audit_log (
    seq       BIGINT       PRIMARY KEY,        -- 1, 2, 3 ... without gaps
    at        BIGINT       NOT NULL,
    role      VARCHAR(16)  NOT NULL,           -- Role.wire()
    actor     VARCHAR(200) NOT NULL,           -- account name, person pseudonym, device id, or cli:<user>
    action    VARCHAR(64)  NOT NULL,           -- session.view, session.export, dataset.build, person.erase ...
    subject   TEXT         NOT NULL,           -- pseudonymous: device, session, person ids; never content
    persons   TEXT         NOT NULL,           -- the person pseudonyms the subject concerns, space separated (for access requests)
    prev_hash VARCHAR(64)  NOT NULL,           -- hash of entry seq-1 (64 zeros for the first)
    hash      VARCHAR(64)  NOT NULL
);

-- The chain's head, sealed with the master key (kept beside the table: catches a truncated tail).
-- Signed checkpoints (Ed25519, the audit key in server_secrets) that can be exported and kept elsewhere.
CREATE TABLE audit_checkpoints (
    seq       BIGINT      PRIMARY KEY,         -- the last entry it covers
    hash      VARCHAR(64) NOT NULL,            -- that entry's hash
    at        BIGINT      NOT NULL,
    signature TEXT        NOT NULL             -- base64 Ed25519 over "understudy-audit-checkpoint/1 seq hash at"
);

-- An erased session: what is left of it is this line.
CREATE TABLE tombstones (
    device    VARCHAR(32)  NOT NULL,
    session   VARCHAR(64)  NOT NULL,
    person    VARCHAR(64)  NOT NULL,
    erased_at BIGINT       NOT NULL,
    reason    TEXT         NOT NULL,
    role      VARCHAR(16)  NOT NULL,
    actor     VARCHAR(200) NOT NULL,
    PRIMARY KEY (device, session)
);
CREATE INDEX tombstones_person ON tombstones (person);
CREATE INDEX tombstones_session ON tombstones (session);

-- An erased person (their data key is gone).
CREATE TABLE erased_persons (
    person    VARCHAR(64)  PRIMARY KEY,
    erased_at BIGINT       NOT NULL,
    reason    TEXT         NOT NULL
);

-- Datasets built from this collector's sessions, and which sessions each holds.
CREATE TABLE dataset_builds (
    id           VARCHAR(64)  PRIMARY KEY,     -- the manifest's SHA-256 (hex, first 32 digits)
    built_at     BIGINT       NOT NULL,
    out_dir      TEXT         NOT NULL,
    engine       VARCHAR(32)  NOT NULL,
    actor        VARCHAR(200) NOT NULL,
    sessions     BIGINT       NOT NULL,
    stale_at     BIGINT,
    stale_reason TEXT
);

CREATE TABLE dataset_build_sessions (
    build   VARCHAR(64) NOT NULL,
    device  VARCHAR(32) NOT NULL,
    session VARCHAR(64) NOT NULL,
    person  VARCHAR(64),
    PRIMARY KEY (build, device, session)
);
CREATE INDEX dataset_build_sessions_session ON dataset_build_sessions (device, session);

-- Each run of the retention job (policy retention_days): when, and how many sessions it erased.
CREATE TABLE retention_runs (
    at       BIGINT PRIMARY KEY,
    erased   BIGINT NOT NULL
);
