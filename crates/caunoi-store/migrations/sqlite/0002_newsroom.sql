-- Newsroom (SQLite). Keep in step with ../postgres/0002_newsroom.sql.

CREATE TABLE category (
    id         INTEGER PRIMARY KEY,
    council_id INTEGER NOT NULL REFERENCES council(id),
    slug       TEXT NOT NULL,
    name       TEXT NOT NULL,
    position   INTEGER NOT NULL,
    CONSTRAINT category_slug_unique UNIQUE (council_id, slug)
);

CREATE TABLE article (
    id                 INTEGER PRIMARY KEY,
    council_id         INTEGER NOT NULL REFERENCES council(id),
    category_id        INTEGER NOT NULL REFERENCES category(id),
    state              TEXT NOT NULL,
    title              TEXT NOT NULL,
    title_folded       TEXT NOT NULL,
    slug               TEXT NOT NULL,
    lead               TEXT NOT NULL,
    body_md            TEXT NOT NULL,
    body_html          TEXT NOT NULL,
    source             TEXT,
    credit             TEXT,
    author_id          INTEGER REFERENCES app_user(id),
    revision           INTEGER NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    submitted_at       TEXT,
    reviewed_at        TEXT,
    published_at       TEXT,
    scheduled_at       TEXT,
    unpublish_reason   TEXT,
    legacy_fingerprint TEXT,
    CONSTRAINT article_legacy_unique UNIQUE (legacy_fingerprint)
);
CREATE INDEX article_public ON article(state, published_at);
CREATE INDEX article_by_category ON article(category_id, state, published_at);
CREATE INDEX article_by_author ON article(author_id, updated_at);
CREATE INDEX article_title_folded ON article(council_id, title_folded);

CREATE TABLE article_revision (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES article(id),
    number       INTEGER NOT NULL,
    title        TEXT NOT NULL,
    lead         TEXT NOT NULL,
    body_md      TEXT NOT NULL,
    source       TEXT,
    editor_label TEXT NOT NULL,
    at           TEXT NOT NULL,
    CONSTRAINT article_revision_unique UNIQUE (article_id, number)
);

CREATE TABLE article_comment (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES article(id),
    author_label TEXT NOT NULL,
    body         TEXT NOT NULL,
    at           TEXT NOT NULL
);
CREATE INDEX article_comment_article ON article_comment(article_id, id);

CREATE TABLE article_transition (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES article(id),
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    actor_label TEXT NOT NULL,
    reason      TEXT,
    at          TEXT NOT NULL
);
CREATE INDEX article_transition_article ON article_transition(article_id, id);

CREATE TABLE article_tag (
    article_id INTEGER NOT NULL REFERENCES article(id),
    slug       TEXT NOT NULL,
    name       TEXT NOT NULL,
    PRIMARY KEY (article_id, slug)
);
CREATE INDEX article_tag_slug ON article_tag(slug);

CREATE TABLE article_former_slug (
    article_id INTEGER NOT NULL REFERENCES article(id),
    slug       TEXT NOT NULL,
    PRIMARY KEY (article_id, slug)
);

CREATE TABLE article_related (
    article_id INTEGER NOT NULL REFERENCES article(id),
    related_id INTEGER NOT NULL REFERENCES article(id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (article_id, related_id)
);

-- Related titles named by imported articles whose target did not exist yet.
CREATE TABLE article_related_pending (
    article_id   INTEGER NOT NULL REFERENCES article(id),
    title_folded TEXT NOT NULL,
    position     INTEGER NOT NULL,
    PRIMARY KEY (article_id, title_folded)
);
CREATE INDEX article_related_pending_title ON article_related_pending(title_folded);

CREATE TABLE special_section (
    id          INTEGER PRIMARY KEY,
    council_id  INTEGER NOT NULL REFERENCES council(id),
    slug        TEXT NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    CONSTRAINT special_section_slug_unique UNIQUE (council_id, slug)
);

CREATE TABLE special_section_article (
    section_id INTEGER NOT NULL REFERENCES special_section(id),
    article_id INTEGER NOT NULL REFERENCES article(id),
    PRIMARY KEY (section_id, article_id)
);

CREATE TABLE media (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    council_id  INTEGER NOT NULL REFERENCES council(id),
    uploaded_by TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    CONSTRAINT media_sha_unique UNIQUE (sha256)
);

CREATE TABLE article_image (
    article_id INTEGER NOT NULL REFERENCES article(id),
    media_id   INTEGER NOT NULL REFERENCES media(id),
    caption    TEXT NOT NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (article_id, media_id)
);

CREATE TABLE newsroom_guidance (
    council_id INTEGER PRIMARY KEY REFERENCES council(id),
    body_md    TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
