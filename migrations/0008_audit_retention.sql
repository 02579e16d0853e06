-- Audit retention (CJIS 5.4.6: at least one year). The oldest entries may be purged by the
-- retention job only: it sets lesc.audit_purge for its own transaction, and leaves an anchor
-- (the last purged entry's sequence number and hash) from which the chain verifies on.
CREATE TABLE audit_anchor (
  id smallint PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL,
  purged_at timestamptz NOT NULL,
  purged_entries bigint NOT NULL
);

CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('lesc.audit_purge', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE FUNCTION audit_anchor_moves_with_purge() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('lesc.audit_purge', true) = 'on' AND TG_OP <> 'DELETE' THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_anchor changes only with a retention purge: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_anchor_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_anchor
  FOR EACH ROW EXECUTE FUNCTION audit_anchor_moves_with_purge();
CREATE TRIGGER audit_anchor_no_truncate BEFORE TRUNCATE ON audit_anchor
  FOR EACH STATEMENT EXECUTE FUNCTION audit_anchor_moves_with_purge();
