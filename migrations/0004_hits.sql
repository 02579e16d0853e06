-- NCIC hit confirmation (YQ -> YR): one case per requester and record, joined by follow-ups.
CREATE TABLE hit_case (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  nic text NOT NULL,
  violator_id bigint REFERENCES violator_record(id),
  requester_ori text NOT NULL,
  oca text NOT NULL,
  control_field text,
  priority text NOT NULL CHECK (priority IN ('U','R')),
  rno smallint NOT NULL CHECK (rno BETWEEN 1 AND 3),
  subject jsonb NOT NULL,
  received_at timestamptz NOT NULL,
  deadline timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('OPEN','WAITING','CONFIRMED','NOT_CONFIRMED','NO_RECORD')),
  escalation smallint NOT NULL DEFAULT 0 CHECK (escalation IN (0, 50, 80, 100)),
  policy_violation boolean NOT NULL DEFAULT false,
  claimed_by text,
  answered_by text,
  answered_at timestamptz,
  until timestamptz,
  narrative text
);
CREATE INDEX hit_case_open ON hit_case (deadline, id) WHERE status IN ('OPEN','WAITING');
CREATE INDEX hit_case_lookup ON hit_case (requester_ori, nic) WHERE status IN ('OPEN','WAITING');
CREATE INDEX hit_case_received ON hit_case (received_at);

-- Every YQ of a case: the first request and its follow-ups (RNO 2, 3).
CREATE TABLE hit_request (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES hit_case(id),
  message_id bigint NOT NULL UNIQUE REFERENCES nlets_message(id),
  rno smallint NOT NULL CHECK (rno BETWEEN 1 AND 3),
  priority text NOT NULL CHECK (priority IN ('U','R')),
  control_field text,
  received_at timestamptz NOT NULL
);
CREATE INDEX hit_request_case ON hit_request (case_id, id);

-- What happened to a case: answers, escalations, breaches, policy violations.
CREATE TABLE hit_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES hit_case(id),
  at timestamptz NOT NULL,
  kind text NOT NULL,
  actor text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX hit_event_case ON hit_event (case_id, id);
