-- Keep in step with the other engine's 0009_petition_figures_index.sql.
-- The figures per agency and per field (public pages, the office's dashboard, the API).

-- Working days from forwarding to answer, counted with the calendar when the answer is
-- recorded (as the deadline is when forwarding): the average answer time is then a sum, not a
-- walk of the calendar per petition. Filled for earlier answers by the application at start.
ALTER TABLE petition ADD COLUMN answer_days INTEGER;

-- Every column a figure reads, in the order it groups them (agency, then field): a figure
-- reads this index alone and groups as it goes, with no sort, instead of every row with its
-- text (measured by bench/src/bin/petition-stats-bench.rs).
CREATE INDEX petition_figures ON petition(council_id, moderation, agency_id, field_id, state, received_at, answered_on, deadline, answer_kind, satisfaction, answer_days);

-- Whether any answer file still uses some bytes, asked when one is removed.
CREATE INDEX petition_answer_file_by_sha ON petition_answer_file(sha256);

-- The answers whose time is not recorded yet, which every start looks for (normally none:
-- the index stays empty, so the look costs nothing however many petitions there are).
CREATE INDEX petition_answer_days_missing ON petition(id)
    WHERE answer_days IS NULL AND answered_on IS NOT NULL AND forwarded_on IS NOT NULL;
