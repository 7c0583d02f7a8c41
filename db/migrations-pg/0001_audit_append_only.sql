-- The audit trail is append-only (security.md): refuse every UPDATE and DELETE, as
-- db/migrations/0001_audit_append_only.sql does on SQLite, and TRUNCATE, which PostgreSQL
-- adds and which skips row triggers. Row-level for UPDATE and DELETE, like SQLite's, so a
-- statement that matches no row still succeeds; TRUNCATE triggers can only be per statement.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
