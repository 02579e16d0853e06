-- The message switch (contract §2.1) and the inquiry pipeline (IAQ -> IAR).

-- Every message an agency sent that lesc accepted or rejected, as it arrived.
CREATE TABLE nlets_message (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sender_ori text NOT NULL,
  mke text NOT NULL,
  control_field text,
  content_type text NOT NULL CHECK (content_type IN ('text','xml')),
  body text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('ACCEPTED','REJECTED')),
  reject_field text,
  reject_rule text,
  received_at timestamptz NOT NULL
);
CREATE INDEX nlets_message_sender ON nlets_message (sender_ori, received_at);

-- Idempotency: one accepted message per sender and control field within 24 hours.
CREATE TABLE nlets_control_field (
  sender_ori text NOT NULL,
  control_field text NOT NULL,
  message_id bigint NOT NULL REFERENCES nlets_message(id),
  received_at timestamptz NOT NULL,
  PRIMARY KEY (sender_ori, control_field)
);

-- What lesc sends: each ORI's mailbox, read until acknowledged.
CREATE TABLE mailbox_message (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  recipient_ori text NOT NULL,
  type text NOT NULL CHECK (type IN ('ACK','REJ','IAR','YQ','YR','DETAINER','AM')),
  in_reply_to bigint REFERENCES nlets_message(id),
  copy_of bigint REFERENCES mailbox_message(id),
  created_at timestamptz NOT NULL,
  text text NOT NULL,
  data jsonb NOT NULL,
  acked_at timestamptz
);
CREATE INDEX mailbox_message_unread ON mailbox_message (recipient_ori, id) WHERE acked_at IS NULL;
CREATE INDEX mailbox_message_reply ON mailbox_message (in_reply_to);

-- Immigration Alien Queries and their research.
CREATE TABLE inquiry (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_id bigint NOT NULL UNIQUE REFERENCES nlets_message(id),
  ori text NOT NULL,
  control_field text,
  query jsonb NOT NULL,
  subject_name text NOT NULL,
  in_custody boolean NOT NULL,
  received_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('SEARCHING','RESEARCH','ANSWERED')),
  preliminary_result text CHECK (preliminary_result IN ('HIT','POSSIBLE','NO_RECORD')),
  preliminary_at timestamptz,
  candidates jsonb NOT NULL DEFAULT '[]'::jsonb,
  enhanced boolean NOT NULL DEFAULT false,
  enhanced_reasons text[] NOT NULL DEFAULT '{}',
  claimed_by text,
  claimed_at timestamptz,
  final_result text CHECK (final_result IN ('HIT','POSSIBLE','NO_RECORD')),
  final_template text,
  final_narrative text,
  answered_by text,
  answered_at timestamptz,
  sla_state text NOT NULL DEFAULT 'ON_TIME' CHECK (sla_state IN ('ON_TIME','WARNING','BREACHED')),
  CHECK ((status = 'ANSWERED') = (answered_at IS NOT NULL))
);
CREATE INDEX inquiry_open ON inquiry (in_custody DESC, received_at, id) WHERE status <> 'ANSWERED';
CREATE INDEX inquiry_ori ON inquiry (ori, received_at);
CREATE INDEX inquiry_received ON inquiry (received_at);

-- Enhanced response: each contact with the requesting officer.
CREATE TABLE inquiry_contact (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inquiry_id bigint NOT NULL REFERENCES inquiry(id),
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL,
  contacted_at timestamptz NOT NULL,
  means text NOT NULL CHECK (means IN ('PHONE','RADIO','EMAIL','NLETS','IN_PERSON')),
  officer text NOT NULL,
  agent text NOT NULL,
  summary text NOT NULL
);
CREATE INDEX inquiry_contact_inquiry ON inquiry_contact (inquiry_id, id);

-- What happened to an inquiry, in order: the workspace timeline and the supervisor's alerts.
CREATE TABLE inquiry_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inquiry_id bigint NOT NULL REFERENCES inquiry(id),
  at timestamptz NOT NULL,
  kind text NOT NULL,
  actor text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX inquiry_event_inquiry ON inquiry_event (inquiry_id, id);
CREATE INDEX inquiry_event_alerts ON inquiry_event (at) WHERE kind IN ('SLA_WARNING','SLA_BREACH');

-- Field offices read their mailbox (the IAR copies) with API keys, as agencies do.
CREATE TABLE office_api_key (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  office_ori text NOT NULL REFERENCES field_office(ori),
  key_id text NOT NULL UNIQUE,
  key_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);
