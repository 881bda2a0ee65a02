-- Keep in step with the other engine's 0010_token_expiry.sql.
-- An API token may carry an end date; after it the token is refused as expired. NULL: no end.
ALTER TABLE api_token ADD COLUMN expires_at TIMESTAMPTZ;
