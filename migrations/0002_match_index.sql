-- Matching index (issue #3): per record, the hashed retrieval keys of all its names, in a GIN
-- index; the vocabulary of name parts with how many names carry each (term frequencies, key
-- selectivity and near spellings for typo-tolerant retrieval).
CREATE TABLE match_key (
  source text NOT NULL CHECK (source IN ('PERSON','VIOLATOR')),
  record_id bigint NOT NULL,
  keys integer[] NOT NULL,
  PRIMARY KEY (source, record_id)
);
CREATE INDEX match_key_keys ON match_key USING gin (keys);

CREATE TABLE name_token (
  token text PRIMARY KEY,
  names integer NOT NULL CHECK (names >= 0)
);

-- How many names the vocabulary counts, for token shares (one row).
CREATE TABLE match_index_state (
  id integer PRIMARY KEY CHECK (id = 1),
  names bigint NOT NULL,
  updated_at timestamptz NOT NULL
);
