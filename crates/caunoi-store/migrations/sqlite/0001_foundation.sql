-- Foundation schema for SQLite. Keep in step with ../postgres/0001_foundation.sql: same tables,
-- same columns, same constraint names, so one set of queries serves both engines.

CREATE TABLE admin_unit (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    short_name  TEXT NOT NULL,
    kind        TEXT NOT NULL,
    parent_id   INTEGER REFERENCES admin_unit(id),
    valid_from  TEXT,
    valid_to    TEXT,
    name_folded TEXT NOT NULL,
    CONSTRAINT admin_unit_code_period UNIQUE (code, valid_to)
);
CREATE UNIQUE INDEX admin_unit_current_code ON admin_unit(code) WHERE valid_to IS NULL;
CREATE INDEX admin_unit_parent ON admin_unit(parent_id);

CREATE TABLE admin_unit_successor (
    old_id INTEGER NOT NULL REFERENCES admin_unit(id),
    new_id INTEGER NOT NULL REFERENCES admin_unit(id),
    PRIMARY KEY (old_id, new_id)
);

CREATE TABLE council (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES admin_unit(id),
    name       TEXT NOT NULL,
    level      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT council_unit_unique UNIQUE (unit_id)
);

CREATE TABLE term (
    id         INTEGER PRIMARY KEY,
    council_id INTEGER NOT NULL REFERENCES council(id),
    name       TEXT NOT NULL,
    starts_on  TEXT NOT NULL,
    ends_on    TEXT NOT NULL,
    CONSTRAINT term_council_start UNIQUE (council_id, starts_on)
);

CREATE TABLE app_user (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    disabled_at   TEXT,
    CONSTRAINT app_user_email_unique UNIQUE (email)
);

CREATE TABLE role_grant (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES app_user(id),
    role       TEXT NOT NULL,
    unit_id    INTEGER REFERENCES admin_unit(id),
    granted_at TEXT NOT NULL,
    granted_by TEXT NOT NULL
);
CREATE UNIQUE INDEX role_grant_unique ON role_grant(user_id, role, COALESCE(unit_id, 0));

CREATE TABLE user_session (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES app_user(id),
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    ip           TEXT,
    CONSTRAINT user_session_token UNIQUE (token_hash)
);
CREATE INDEX user_session_user ON user_session(user_id);

CREATE TABLE api_token (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES app_user(id),
    token_hash   TEXT NOT NULL,
    label        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT,
    CONSTRAINT api_token_hash UNIQUE (token_hash)
);

CREATE TABLE sign_in_failure (
    id        INTEGER PRIMARY KEY,
    email     TEXT NOT NULL,
    ip        TEXT NOT NULL,
    failed_at TEXT NOT NULL
);
CREATE INDEX sign_in_failure_email ON sign_in_failure(email, failed_at);
CREATE INDEX sign_in_failure_ip ON sign_in_failure(ip, failed_at);

CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    actor_user_id INTEGER REFERENCES app_user(id),
    actor_label   TEXT NOT NULL,
    action        TEXT NOT NULL,
    target_kind   TEXT NOT NULL,
    target_id     TEXT,
    unit_id       INTEGER REFERENCES admin_unit(id),
    ip            TEXT,
    request_id    TEXT,
    details       TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_unit ON audit_log(unit_id, at);

CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL,
    topic        TEXT NOT NULL,
    aggregate_id TEXT NOT NULL,
    payload      TEXT NOT NULL
);

CREATE TABLE outbox_cursor (
    consumer TEXT PRIMARY KEY,
    last_id  INTEGER NOT NULL
);

CREATE TABLE job (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    status       TEXT NOT NULL,
    run_at       TEXT NOT NULL,
    attempts     INTEGER NOT NULL,
    max_attempts INTEGER NOT NULL,
    locked_by    TEXT,
    locked_until TEXT,
    last_error   TEXT,
    created_at   TEXT NOT NULL,
    finished_at  TEXT
);
CREATE INDEX job_ready ON job(status, run_at);

CREATE TABLE person (
    id         INTEGER PRIMARY KEY,
    full_name  TEXT NOT NULL,
    birth_year INTEGER,
    gender     TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE organization (
    id         INTEGER PRIMARY KEY,
    council_id INTEGER NOT NULL REFERENCES council(id),
    term_id    INTEGER NOT NULL REFERENCES term(id),
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    position   INTEGER NOT NULL
);

CREATE TABLE membership (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL REFERENCES person(id),
    organization_id INTEGER NOT NULL REFERENCES organization(id),
    role            TEXT NOT NULL,
    CONSTRAINT membership_unique UNIQUE (person_id, organization_id, role)
);
