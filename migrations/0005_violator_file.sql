-- The Immigration Violator File as staff maintain it: documents, locates, full history.
ALTER TABLE violator_record
  ADD COLUMN documents jsonb NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN located_at timestamptz,
  ADD COLUMN locating_ori text,
  ADD COLUMN locating_oca text,
  ADD COLUMN closed_at timestamptz,
  ADD COLUMN closed_by text,
  ADD COLUMN closed_reason text;
CREATE INDEX violator_record_validation ON violator_record (coalesce(last_validated_at, entered_at))
  WHERE status = 'ACTIVE';

-- Every change to a Violator File record: who, when, what, before and after.
CREATE TABLE violator_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  violator_id bigint NOT NULL REFERENCES violator_record(id),
  at timestamptz NOT NULL,
  action text NOT NULL CHECK (action IN ('ENTERED','CHECKED','MODIFIED','CANCELLED','CLEARED','LOCATED','VALIDATED','RETIRED')),
  actor text NOT NULL,
  changes jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX violator_history_record ON violator_history (violator_id, id);
