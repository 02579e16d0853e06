-- The auditors' weekly review of the audit log (CJIS Security Policy 5.4.3).
CREATE TABLE audit_review (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reviewed_by text NOT NULL,
  reviewed_at timestamptz NOT NULL,
  period_from timestamptz NOT NULL,
  period_to timestamptz NOT NULL,
  entries integer NOT NULL,
  failures integer NOT NULL,
  chain_ok boolean NOT NULL,
  findings text NOT NULL,
  CHECK (period_to > period_from)
);
CREATE INDEX audit_review_at ON audit_review (reviewed_at);
