-- The council's record (SQLite). Keep in step with ../postgres/0003_registry.sql.

ALTER TABLE person ADD COLUMN name_folded TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN ethnicity TEXT;
ALTER TABLE person ADD COLUMN occupation TEXT;
ALTER TABLE person ADD COLUMN workplace TEXT;
ALTER TABLE person ADD COLUMN party TEXT;
ALTER TABLE person ADD COLUMN photo TEXT;
ALTER TABLE person ADD COLUMN updated_at TEXT;

CREATE TABLE constituency (
    id         INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organization(id),
    number     INTEGER NOT NULL,
    name       TEXT NOT NULL,
    seats      INTEGER NOT NULL,
    CONSTRAINT constituency_number_unique UNIQUE (organization_id, number)
);

CREATE TABLE constituency_unit (
    constituency_id INTEGER NOT NULL REFERENCES constituency(id),
    unit_id         INTEGER NOT NULL REFERENCES admin_unit(id),
    PRIMARY KEY (constituency_id, unit_id)
);
CREATE INDEX constituency_unit_by_unit ON constituency_unit(unit_id);

ALTER TABLE membership ADD COLUMN starts_on TEXT;
ALTER TABLE membership ADD COLUMN ends_on TEXT;
ALTER TABLE membership ADD COLUMN constituency_id INTEGER REFERENCES constituency(id);
ALTER TABLE membership ADD COLUMN full_time INTEGER NOT NULL DEFAULT 0;
CREATE INDEX membership_by_person ON membership(person_id);
CREATE INDEX membership_by_organization ON membership(organization_id);

CREATE TABLE event (
    id                 INTEGER PRIMARY KEY,
    council_id         INTEGER NOT NULL REFERENCES council(id),
    kind               TEXT NOT NULL,
    session_kind       TEXT,
    title              TEXT NOT NULL,
    title_folded       TEXT NOT NULL,
    slug               TEXT NOT NULL,
    summary            TEXT NOT NULL,
    starts_at          TEXT NOT NULL,
    ends_at            TEXT NOT NULL,
    place              TEXT NOT NULL,
    unit_id            INTEGER REFERENCES admin_unit(id),
    session_id         INTEGER REFERENCES event(id),
    session_timing     TEXT,
    organisers         TEXT NOT NULL,
    stream_url         TEXT,
    minutes_md         TEXT NOT NULL,
    report_md          TEXT NOT NULL,
    received_total     INTEGER,
    state              TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX event_by_time ON event(state, starts_at);
CREATE INDEX event_by_council ON event(council_id, starts_at);

CREATE TABLE event_participant (
    event_id   INTEGER NOT NULL REFERENCES event(id),
    person_id  INTEGER NOT NULL REFERENCES person(id),
    role       TEXT NOT NULL,
    attendance TEXT,
    PRIMARY KEY (event_id, person_id)
);
CREATE INDEX event_participant_by_person ON event_participant(person_id);

CREATE TABLE agenda_item (
    id       INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES event(id),
    position INTEGER NOT NULL,
    title    TEXT NOT NULL,
    CONSTRAINT agenda_item_position UNIQUE (event_id, position)
);

CREATE TABLE question (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES event(id),
    position    INTEGER NOT NULL,
    asker_id    INTEGER NOT NULL REFERENCES person(id),
    official    TEXT NOT NULL,
    agency      TEXT NOT NULL,
    topic       TEXT NOT NULL,
    body        TEXT NOT NULL,
    answer      TEXT NOT NULL,
    answered_at TEXT,
    follow_up   TEXT NOT NULL
);
CREATE INDEX question_by_event ON question(event_id, position);
CREATE INDEX question_by_asker ON question(asker_id);

CREATE TABLE recommendation (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES event(id),
    position   INTEGER NOT NULL,
    body       TEXT NOT NULL,
    addressee  TEXT NOT NULL,
    status     TEXT NOT NULL,
    follow_up  TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX recommendation_by_event ON recommendation(event_id, position);

CREATE TABLE reception_field (
    event_id INTEGER NOT NULL REFERENCES event(id),
    field    TEXT NOT NULL,
    count    INTEGER NOT NULL,
    PRIMARY KEY (event_id, field)
);

CREATE TABLE resolution (
    id           INTEGER PRIMARY KEY,
    council_id   INTEGER NOT NULL REFERENCES council(id),
    number       TEXT NOT NULL,
    number_key   TEXT NOT NULL,
    year         INTEGER NOT NULL,
    title        TEXT NOT NULL,
    title_folded TEXT NOT NULL,
    slug         TEXT NOT NULL,
    field        TEXT NOT NULL,
    adopted_on   TEXT NOT NULL,
    effective_on TEXT,
    expires_on   TEXT,
    session_id   INTEGER REFERENCES event(id),
    body_md      TEXT NOT NULL,
    state        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CONSTRAINT resolution_number_unique UNIQUE (council_id, number_key)
);
CREATE INDEX resolution_by_year ON resolution(state, year, adopted_on);

CREATE TABLE resolution_link (
    from_id INTEGER NOT NULL REFERENCES resolution(id),
    to_id   INTEGER NOT NULL REFERENCES resolution(id),
    kind    TEXT NOT NULL,
    PRIMARY KEY (from_id, to_id)
);
CREATE INDEX resolution_link_to ON resolution_link(to_id);

-- Files attached to an event (session documents) or a resolution, with their extracted text.
CREATE TABLE document (
    id           INTEGER PRIMARY KEY,
    owner_kind   TEXT NOT NULL,
    owner_id     INTEGER NOT NULL,
    title        TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    size         INTEGER NOT NULL,
    text         TEXT NOT NULL,
    public       INTEGER NOT NULL,
    released_at  TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX document_by_owner ON document(owner_kind, owner_id);
