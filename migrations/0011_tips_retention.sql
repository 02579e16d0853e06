-- The tip line, finished: when a tip's status last changed (per-status retention counts from
-- there), the proof-of-work challenges already spent (single use, across processes and
-- restarts, until they expire), and the intake's generated keys (the challenge signing key).
ALTER TABLE tip ADD COLUMN status_at timestamptz;
UPDATE tip SET status_at = coalesce(
  (SELECT max(r.closed_at) FROM tip_referral r WHERE r.tip_id = tip.id AND tip.status IN ('JUNK','CLOSED')),
  received_at);
ALTER TABLE tip ALTER COLUMN status_at SET NOT NULL;
CREATE INDEX tip_final ON tip (status, status_at) WHERE status IN ('DUPLICATE','JUNK','CLOSED');
CREATE INDEX tip_duplicate_of ON tip (duplicate_of) WHERE duplicate_of IS NOT NULL;

CREATE TABLE tip_pow_spent (
  challenge text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
CREATE INDEX tip_pow_spent_expiry ON tip_pow_spent (expires_at);

CREATE TABLE intake_key (
  name text PRIMARY KEY,
  secret text NOT NULL,
  created_at timestamptz NOT NULL
);
