-- Petition follow-up (SQLite). Keep in step with ../postgres/0006_petition_followup.sql.

-- Each council's deadline rules: working days to answer and the "very overdue" threshold, for
-- the whole council (field_id NULL) or one field.
CREATE TABLE petition_deadline_rule (
    id                 INTEGER PRIMARY KEY,
    council_id         INTEGER NOT NULL REFERENCES council(id),
    field_id           INTEGER REFERENCES petition_field(id),
    answer_days        INTEGER NOT NULL,
    very_overdue_after INTEGER NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE UNIQUE INDEX petition_deadline_rule_one ON petition_deadline_rule(council_id, COALESCE(field_id, 0));

-- The threshold in force when the petition was forwarded (NULL: the built-in default).
ALTER TABLE petition ADD COLUMN very_overdue_after INTEGER;

-- An agency's request for more time, and the council's decision.
CREATE TABLE petition_extension (
    id              INTEGER PRIMARY KEY,
    petition_id     INTEGER NOT NULL REFERENCES petition(id),
    agency_id       INTEGER REFERENCES agency(id),
    state           TEXT NOT NULL,
    reason          TEXT NOT NULL,
    old_deadline    TEXT NOT NULL,
    new_deadline    TEXT NOT NULL,
    requested_by    TEXT NOT NULL,
    requested_at    TEXT NOT NULL,
    decided_by      TEXT,
    decided_at      TEXT,
    decision_note   TEXT
);
CREATE INDEX petition_extension_by_petition ON petition_extension(petition_id, id);
-- One pending request at a time.
CREATE UNIQUE INDEX petition_extension_one_pending ON petition_extension(petition_id) WHERE state = 'pending';

-- Supervision follow-up of an unsatisfactory or overdue answer.
CREATE TABLE petition_followup (
    id          INTEGER PRIMARY KEY,
    petition_id INTEGER NOT NULL REFERENCES petition(id),
    kind        TEXT NOT NULL,
    note        TEXT NOT NULL,
    agency_id   INTEGER REFERENCES agency(id),
    deadline    TEXT,
    event_id    INTEGER REFERENCES event(id),
    question_id INTEGER REFERENCES question(id),
    actor_label TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX petition_followup_by_petition ON petition_followup(petition_id, id);
