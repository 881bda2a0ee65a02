-- Photos on online petitions (SQLite). Keep in step with ../postgres/0008_petition_media.sql.

-- A citizen's photo on their petition: the processed image lives in the media folder under
-- `petitions/`, addressed by the SHA-256 of the upload; the row is the citizen's, deleted with
-- their personal data.
CREATE TABLE petition_photo (
    id          INTEGER PRIMARY KEY,
    petition_id INTEGER NOT NULL REFERENCES petition(id),
    position    INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX petition_photo_by_petition ON petition_photo(petition_id, position);
CREATE INDEX petition_photo_by_sha ON petition_photo(sha256);

-- Files (PDF, DOCX) an agency or the office attaches to the answer; public only with the answer.
-- The bytes live in the media folder under `files/`, addressed by their SHA-256.
CREATE TABLE petition_answer_file (
    id           INTEGER PRIMARY KEY,
    petition_id  INTEGER NOT NULL REFERENCES petition(id),
    title        TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    size         INTEGER NOT NULL,
    text         TEXT NOT NULL,
    uploaded_by  TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX petition_answer_file_by_petition ON petition_answer_file(petition_id, id);
