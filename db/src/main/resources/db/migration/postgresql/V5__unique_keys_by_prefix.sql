-- unique_keys keyed by (key_prefix, key_hash) instead of key_hash alone: see the SQLite migration of the same version
-- for why. The prefix: the first 48 characters of name || ':' || unique_key (UniqueKeys.prefix computes the same).
ALTER TABLE unique_keys ADD COLUMN key_prefix TEXT;
UPDATE unique_keys SET key_prefix = substr(name || ':' || unique_key, 1, 48);
ALTER TABLE unique_keys ALTER COLUMN key_prefix SET NOT NULL;
ALTER TABLE unique_keys DROP CONSTRAINT unique_keys_pkey;
ALTER TABLE unique_keys ADD PRIMARY KEY (key_prefix, key_hash);
