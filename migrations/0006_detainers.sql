-- Detainers (Form I-247A), lodged by agents after a confirmed hit or an inquiry's research.
CREATE TABLE detainer (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  hit_id bigint REFERENCES hit_case(id),
  inquiry_id bigint REFERENCES inquiry(id),
  violator_id bigint REFERENCES violator_record(id),
  subject jsonb NOT NULL,
  holding_agency_ori text NOT NULL REFERENCES agency(ori),
  probable_cause text[] NOT NULL,
  custody_transfer boolean NOT NULL,
  warrant_form text NOT NULL CHECK (warrant_form IN ('I-200','I-205')),
  warrant_number text NOT NULL,
  warrant_signed_by text NOT NULL,
  lodged_by text NOT NULL,
  lodged_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('ISSUED','SERVED','HONORED','DECLINED','CUSTODY_TRANSFERRED','CANCELLED','EXPIRED')),
  status_at timestamptz NOT NULL,
  hold_expires_at timestamptz,
  CHECK ((hit_id IS NULL) <> (inquiry_id IS NULL)),
  CHECK (custody_transfer <> (cardinality(probable_cause) > 0))
);
CREATE INDEX detainer_lodged ON detainer (lodged_at);
CREATE INDEX detainer_open ON detainer (status_at) WHERE status IN ('ISSUED','SERVED','HONORED');

CREATE TABLE detainer_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  detainer_id bigint NOT NULL REFERENCES detainer(id),
  at timestamptz NOT NULL,
  status text NOT NULL,
  actor text NOT NULL,
  note text
);
CREATE INDEX detainer_event_detainer ON detainer_event (detainer_id, id);
