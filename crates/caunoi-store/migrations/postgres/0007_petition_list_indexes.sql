-- Keep in step with the other engine's 0007_petition_list_indexes.sql.
-- Indexes for the public petition list at 100,000 petitions (measured by
-- bench/src/bin/petition-list-bench.rs). Each serves one way of reading the list: the whole
-- list newest first, by field, by agency, by state. They carry the columns the list's WHERE
-- tests, so counting the matches for the pager reads the index alone, never the table.
CREATE INDEX petition_public_list ON petition(council_id, moderation, received_at, state, field_id, agency_id, title_folded);
CREATE INDEX petition_public_field ON petition(council_id, field_id, moderation, received_at, state);
CREATE INDEX petition_public_agency ON petition(council_id, agency_id, moderation, received_at, state);
CREATE INDEX petition_public_state ON petition(council_id, state, moderation, received_at);
