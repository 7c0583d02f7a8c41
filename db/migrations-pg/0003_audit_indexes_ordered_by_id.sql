DROP INDEX "audit_events_event";--> statement-breakpoint
DROP INDEX "audit_events_grant";--> statement-breakpoint
DROP INDEX "audit_events_company";--> statement-breakpoint
DROP INDEX "audit_events_partner";--> statement-breakpoint
DROP INDEX "audit_events_outcome";--> statement-breakpoint
CREATE INDEX "audit_events_event" ON "audit_events" USING btree ("event","id");--> statement-breakpoint
CREATE INDEX "audit_events_grant" ON "audit_events" USING btree ("grant_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_company" ON "audit_events" USING btree ("company_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_partner" ON "audit_events" USING btree ("partner_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_outcome" ON "audit_events" USING btree ("outcome","id");