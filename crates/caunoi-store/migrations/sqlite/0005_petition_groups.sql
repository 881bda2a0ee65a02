-- Near-duplicate petitions answered once. A group is its lead petition: members are the
-- petitions merged into it (petition.merged_into = lead), so grouping and the "merge" action
-- are one concept; this row records who confirmed the group, and when.
CREATE TABLE petition_group (
    id          INTEGER PRIMARY KEY,
    council_id  INTEGER NOT NULL REFERENCES council(id),
    lead_id     INTEGER NOT NULL REFERENCES petition(id),
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    CONSTRAINT petition_group_lead_unique UNIQUE (lead_id)
);

-- A proposal the office dismissed: the sorted ids of its petitions, so the same set is not
-- proposed again (a changed set, e.g. with a new petition, is).
CREATE TABLE petition_group_dismissal (
    id            INTEGER PRIMARY KEY,
    council_id    INTEGER NOT NULL REFERENCES council(id),
    members       TEXT NOT NULL,
    dismissed_by  TEXT NOT NULL,
    dismissed_at  TEXT NOT NULL,
    CONSTRAINT petition_group_dismissal_unique UNIQUE (council_id, members)
);
CREATE INDEX petition_merged_into ON petition(merged_into);
