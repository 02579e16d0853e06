-- The public tip line: tips (receipt stored only as a hash), two-way messages, referrals.
CREATE TABLE tip (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  receipt_hash text NOT NULL UNIQUE,
  channel text NOT NULL CHECK (channel IN ('WEB','PHONE')),
  category text NOT NULL,
  narrative text NOT NULL,
  location text CHECK (location IN ('INSIDE_US','OUTSIDE_US')),
  state text CHECK (state ~ '^[A-Z]{2}$'),
  subject jsonb,
  reporter jsonb,
  received_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('NEW','REFERRED','DUPLICATE','JUNK','CLOSED')),
  life_safety boolean NOT NULL,
  duplicate_of bigint REFERENCES tip(id),
  junk_reason text,
  entered_by text,
  rules_version text NOT NULL,
  candidates jsonb NOT NULL DEFAULT '[]'::jsonb
);
CREATE INDEX tip_received ON tip (received_at);
CREATE INDEX tip_status ON tip (status, received_at);

CREATE TABLE tip_message (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tip_id bigint NOT NULL REFERENCES tip(id),
  at timestamptz NOT NULL,
  author text NOT NULL CHECK (author IN ('TIPSTER','STAFF')),
  staff_user text,
  text text NOT NULL
);
CREATE INDEX tip_message_tip ON tip_message (tip_id, id);

CREATE TABLE tip_referral (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tip_id bigint NOT NULL REFERENCES tip(id),
  recipient text NOT NULL,
  role text NOT NULL CHECK (role IN ('PRIMARY','INFO')),
  status text NOT NULL CHECK (status IN ('OPEN','CLOSED')),
  created_at timestamptz NOT NULL,
  closed_at timestamptz,
  closed_by text,
  closing_answer text,
  UNIQUE (tip_id, recipient)
);
