-- Petitions (SQLite). Keep in step with ../postgres/0004_petitions.sql.

-- Fields (lĩnh vực) each council classifies petitions by; the council edits its list.
CREATE TABLE petition_field (
    id         INTEGER PRIMARY KEY,
    council_id INTEGER NOT NULL REFERENCES council(id),
    slug       TEXT NOT NULL,
    name       TEXT NOT NULL,
    position   INTEGER NOT NULL,
    CONSTRAINT petition_field_slug UNIQUE (council_id, slug)
);

-- Agencies that must answer (the People's Committee, departments, ...).
CREATE TABLE agency (
    id          INTEGER PRIMARY KEY,
    council_id  INTEGER NOT NULL REFERENCES council(id),
    slug        TEXT NOT NULL,
    name        TEXT NOT NULL,
    name_folded TEXT NOT NULL,
    email       TEXT,
    CONSTRAINT agency_slug UNIQUE (council_id, slug)
);

-- Which accounts answer for which agency.
CREATE TABLE agency_member (
    agency_id INTEGER NOT NULL REFERENCES agency(id),
    user_id   INTEGER NOT NULL REFERENCES app_user(id),
    PRIMARY KEY (agency_id, user_id)
);

CREATE TABLE petition (
    id            INTEGER PRIMARY KEY,
    council_id    INTEGER NOT NULL REFERENCES council(id),
    code          TEXT NOT NULL,
    channel       TEXT NOT NULL,
    state         TEXT NOT NULL,
    moderation    TEXT NOT NULL,
    title         TEXT NOT NULL,
    title_folded  TEXT NOT NULL,
    body          TEXT NOT NULL,
    field_id      INTEGER REFERENCES petition_field(id),
    unit_id       INTEGER REFERENCES admin_unit(id),
    place         TEXT,
    event_id      INTEGER REFERENCES event(id),
    agency_id     INTEGER REFERENCES agency(id),
    merged_into   INTEGER REFERENCES petition(id),
    voters        INTEGER NOT NULL,
    public_name   TEXT,
    forwarded_on  TEXT,
    deadline      TEXT,
    answer        TEXT,
    answer_kind   TEXT,
    promised_on   TEXT,
    answered_on   TEXT,
    reason        TEXT,
    satisfaction  TEXT,
    received_at   TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CONSTRAINT petition_code_unique UNIQUE (code)
);
CREATE INDEX petition_public ON petition(moderation, received_at);
CREATE INDEX petition_by_council ON petition(council_id, state, received_at);
CREATE INDEX petition_by_agency ON petition(agency_id, state, deadline);
CREATE INDEX petition_by_event ON petition(event_id);

-- The citizen's personal data, apart from the petition; never in public pages, feeds or API.
CREATE TABLE petition_contact (
    petition_id  INTEGER PRIMARY KEY REFERENCES petition(id),
    name         TEXT NOT NULL,
    email        TEXT,
    phone        TEXT,
    address      TEXT,
    consent_at   TEXT NOT NULL,
    retain_until TEXT NOT NULL
);

-- Every move of a petition, for its public timeline (notes may be staff-only).
CREATE TABLE petition_transition (
    id          INTEGER PRIMARY KEY,
    petition_id INTEGER NOT NULL REFERENCES petition(id),
    from_state  TEXT,
    to_state    TEXT NOT NULL,
    action      TEXT NOT NULL,
    actor_label TEXT NOT NULL,
    note        TEXT NOT NULL,
    public      INTEGER NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX petition_transition_by_petition ON petition_transition(petition_id, id);

-- Days off the government announces and Saturdays it makes working days, edited by admins.
CREATE TABLE calendar_adjustment (
    day    TEXT PRIMARY KEY,
    kind   TEXT NOT NULL,
    reason TEXT NOT NULL
);

-- Recent online submissions by hashed address and e-mail, for rate limits shared by all nodes.
CREATE TABLE submission_log (
    id         INTEGER PRIMARY KEY,
    ip_hash    TEXT NOT NULL,
    email_hash TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX submission_log_ip ON submission_log(ip_hash, at);
CREATE INDEX submission_log_email ON submission_log(email_hash, at);
