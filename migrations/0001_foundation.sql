-- lesc foundation: extensions, accounts, agencies, directory, audit log, work queue,
-- immigration index and Immigration Violator File.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

-- Staff accounts -------------------------------------------------------------
CREATE TABLE staff_user (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z][a-z0-9._-]{2,39}$'),
  role text NOT NULL CHECK (role IN ('technician','agent','supervisor','records','tip_operator','analyst','auditor','admin')),
  password_hash text NOT NULL,
  totp_secret text NOT NULL,
  totp_last_step bigint NOT NULL DEFAULT 0,
  failed_attempts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL
);

CREATE TABLE staff_session (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  user_id bigint NOT NULL REFERENCES staff_user(id),
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  ended_at timestamptz,
  end_reason text
);
CREATE INDEX staff_session_open ON staff_session (user_id) WHERE ended_at IS NULL;

-- Directory: agencies, ICE offices and areas of responsibility ---------------
CREATE TABLE field_office (
  code text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('FIELD_OFFICE','ATTACHE')),
  name text NOT NULL,
  city text NOT NULL,
  state text,
  country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  ori text NOT NULL UNIQUE CHECK (ori ~ '^[A-Z]{2}[A-Z0-9]{7}$')
);

CREATE TABLE field_office_aor (
  state text PRIMARY KEY CHECK (state ~ '^[A-Z]{2}$'),
  office_code text NOT NULL REFERENCES field_office(code)
);

CREATE TABLE agency (
  ori text PRIMARY KEY CHECK (ori ~ '^[A-Z]{2}[A-Z0-9]{7}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  state text NOT NULL CHECK (state ~ '^[A-Z]{2}$'),
  created_at timestamptz NOT NULL,
  disabled_at timestamptz
);

CREATE TABLE agency_api_key (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ori text NOT NULL REFERENCES agency(ori),
  key_id text NOT NULL UNIQUE,
  key_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);

-- Audit log: append-only, hash-chained ---------------------------------------
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY CHECK (seq > 0),
  at timestamptz NOT NULL,
  component text NOT NULL,
  event_type text NOT NULL,
  actor_user text,
  actor_ori text,
  subject text,
  outcome text NOT NULL CHECK (outcome IN ('SUCCESS','FAILURE','DENIED')),
  purpose text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  prev_hash text NOT NULL,
  hash text NOT NULL UNIQUE
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor_user, at);
CREATE INDEX audit_log_ori ON audit_log (actor_ori, at);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();

-- Durable work queue and timers ----------------------------------------------
CREATE TABLE job (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  queue text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  state text NOT NULL DEFAULT 'ready' CHECK (state IN ('ready','running','done','dead','cancelled')),
  run_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 8 CHECK (max_attempts > 0),
  locked_by text,
  locked_until timestamptz,
  last_error text,
  timer_key text UNIQUE,
  created_at timestamptz NOT NULL,
  finished_at timestamptz
);
CREATE INDEX job_ready ON job (run_at, id) WHERE state = 'ready';
CREATE INDEX job_lease ON job (locked_until) WHERE state = 'running';

-- Immigration index ----------------------------------------------------------
CREATE TABLE person (
  id bigint PRIMARY KEY,
  a_number text UNIQUE CHECK (a_number ~ '^[0-9]{9}$'),
  fbi_number text,
  ssn text CHECK (ssn ~ '^[0-9]{9}$'),
  last_name text NOT NULL,
  first_name text NOT NULL,
  middle_name text,
  dob date,
  sex text NOT NULL CHECK (sex IN ('M','F','X','U')),
  country_of_birth text CHECK (country_of_birth ~ '^[A-Z]{2}$'),
  citizenship text CHECK (citizenship ~ '^[A-Z]{2}$'),
  status text NOT NULL CHECK (status IN ('LAWFUL_PERMANENT_RESIDENT','NATURALIZED_CITIZEN','NONIMMIGRANT_VISA',
    'VISA_OVERSTAY','PENDING_REMOVAL_PROCEEDINGS','FINAL_ORDER','REMOVED')),
  status_date date,
  created_at timestamptz NOT NULL
);
CREATE INDEX person_fbi ON person (fbi_number) WHERE fbi_number IS NOT NULL;
CREATE INDEX person_ssn ON person (ssn) WHERE ssn IS NOT NULL;

-- No foreign key to person: per-row referential checks tripled the bulk-load time of the
-- index; events are only ever written with their person, in one transaction.
CREATE TABLE immigration_event (
  person_id bigint NOT NULL,
  seq smallint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('ENTRY','EXIT')),
  occurred_on date NOT NULL,
  port text NOT NULL,
  document text NOT NULL,
  PRIMARY KEY (person_id, seq)
);

-- Immigration Violator File ----------------------------------------------------
CREATE TABLE violator_record (
  id bigint PRIMARY KEY,
  nic text NOT NULL UNIQUE CHECK (nic ~ '^N[0-9]{9}$'),
  oca text NOT NULL UNIQUE CHECK (length(oca) BETWEEN 1 AND 20),
  category text NOT NULL CHECK (category IN ('DEPORTED_FELON','ABSCONDER','ICE_CRIMINAL_WARRANT')),
  status text NOT NULL CHECK (status IN ('PENDING_CHECK','ACTIVE','CANCELLED','CLEARED','RETIRED')),
  last_name text NOT NULL,
  first_name text NOT NULL,
  middle_name text,
  dob date NOT NULL,
  sex text NOT NULL CHECK (sex IN ('M','F','X','U')),
  pob text CHECK (pob ~ '^[A-Z]{2}$'),
  a_number text CHECK (a_number ~ '^[0-9]{9}$'),
  fbi_number text,
  remarks text,
  person_id bigint REFERENCES person(id),
  entered_by text NOT NULL,
  entered_at timestamptz NOT NULL,
  checked_by text,
  checked_at timestamptz,
  last_validated_at timestamptz,
  last_validated_by text
);
CREATE INDEX violator_record_a_number ON violator_record (a_number) WHERE a_number IS NOT NULL;
CREATE INDEX violator_record_fbi ON violator_record (fbi_number) WHERE fbi_number IS NOT NULL;

-- Every name a record is known by (primary and aliases), for both files.
CREATE TABLE subject_name (
  source text NOT NULL CHECK (source IN ('PERSON','VIOLATOR')),
  record_id bigint NOT NULL,
  ordinal smallint NOT NULL,
  is_primary boolean NOT NULL,
  alias_kind text,
  last_name text NOT NULL,
  first_name text NOT NULL,
  middle_name text,
  PRIMARY KEY (source, record_id, ordinal)
);

CREATE TABLE seed_run (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  seed text NOT NULL,
  people integer NOT NULL,
  violators integer NOT NULL,
  finished_at timestamptz NOT NULL
);
