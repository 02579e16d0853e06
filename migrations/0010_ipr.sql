-- IPR allegation intake: allegations by web form, e-mail and hotline (receipt stored only as a
-- hash), two-way messages, evidence files kept in the database (so backups hold them), the
-- e-mails as received, a quarantine for malformed e-mails, and deconfliction links between
-- allegations that concern the same violator with the notifications sent to the owning partner.
CREATE TABLE ipr_allegation (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  receipt_hash text UNIQUE,
  channel text NOT NULL CHECK (channel IN ('WEB','EMAIL','HOTLINE')),
  right_type text CHECK (right_type IN ('TRADEMARK','COPYRIGHT','PATENT','TRADE_SECRET')),
  rights_holder text,
  product text,
  violator_name text,
  violator_website text,
  violator_host text,
  violator_address text,
  narrative text NOT NULL,
  allegant jsonb,
  received_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('OPEN','CLOSED','JUNK')),
  owning_partner text NOT NULL,
  owner_rule text NOT NULL,
  rules_version text NOT NULL,
  entered_by text,
  closed_at timestamptz,
  closed_by text,
  closing_answer text,
  junk_reason text,
  -- The web form and the hotline give a receipt; an e-mail is answered by mail, outside lesc.
  CHECK (channel = 'EMAIL' OR (receipt_hash IS NOT NULL AND right_type IS NOT NULL))
);
CREATE INDEX ipr_allegation_status ON ipr_allegation (status, received_at);
CREATE INDEX ipr_allegation_host ON ipr_allegation (violator_host) WHERE violator_host IS NOT NULL;

CREATE TABLE ipr_message (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  allegation_id bigint NOT NULL REFERENCES ipr_allegation(id),
  at timestamptz NOT NULL,
  author text NOT NULL CHECK (author IN ('ALLEGANT','STAFF')),
  staff_user text,
  text text NOT NULL
);
CREATE INDEX ipr_message_allegation ON ipr_message (allegation_id, id);

CREATE TABLE ipr_evidence (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  allegation_id bigint NOT NULL REFERENCES ipr_allegation(id),
  file_name text NOT NULL,
  content_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea NOT NULL,
  source text NOT NULL CHECK (source IN ('WEB','EMAIL','STAFF')),
  received_at timestamptz NOT NULL,
  uploaded_by text
);
CREATE INDEX ipr_evidence_allegation ON ipr_evidence (allegation_id, id);

CREATE TABLE ipr_email (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The same message taken twice (a restart between storing and moving the file) is one row.
  sha256 text NOT NULL UNIQUE,
  source text NOT NULL CHECK (source IN ('API','FOLDER')),
  file_name text,
  message_id text,
  from_address text NOT NULL,
  subject text,
  received_at timestamptz NOT NULL,
  allegation_id bigint NOT NULL REFERENCES ipr_allegation(id),
  raw bytea NOT NULL,
  entered_by text
);

CREATE TABLE ipr_mail_quarantine (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sha256 text NOT NULL UNIQUE,
  source text NOT NULL CHECK (source IN ('API','FOLDER')),
  file_name text,
  size_bytes integer NOT NULL,
  reason text NOT NULL,
  -- Kept unless it was over the size limit (the file itself stays in the quarantine folder).
  raw bytea,
  received_at timestamptz NOT NULL,
  entered_by text
);

CREATE TABLE ipr_link (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  allegation_id bigint NOT NULL REFERENCES ipr_allegation(id),
  linked_to bigint NOT NULL REFERENCES ipr_allegation(id),
  reasons jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (allegation_id, linked_to),
  CHECK (allegation_id <> linked_to)
);
CREATE INDEX ipr_link_linked_to ON ipr_link (linked_to);

CREATE TABLE ipr_notification (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  partner text NOT NULL,
  allegation_id bigint NOT NULL REFERENCES ipr_allegation(id),
  about_allegation_id bigint NOT NULL REFERENCES ipr_allegation(id),
  reasons jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX ipr_notification_partner ON ipr_notification (partner, created_at);
