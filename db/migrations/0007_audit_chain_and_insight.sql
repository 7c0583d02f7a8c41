CREATE TABLE `api_read_days` (
	`grant_id` text NOT NULL,
	`day` text NOT NULL,
	`partner_id` text NOT NULL,
	`reads` integer NOT NULL,
	`last_read_at` integer NOT NULL,
	PRIMARY KEY(`grant_id`, `day`)
);
--> statement-breakpoint
CREATE INDEX `api_read_days_day` ON `api_read_days` (`day`);--> statement-breakpoint
ALTER TABLE `audit_events` ADD `prev_hash` text;--> statement-breakpoint
ALTER TABLE `audit_events` ADD `row_hash` text;--> statement-breakpoint
CREATE INDEX `audit_events_company` ON `audit_events` (`company_id`);--> statement-breakpoint
CREATE INDEX `audit_events_partner` ON `audit_events` (`partner_id`);--> statement-breakpoint
CREATE INDEX `audit_events_outcome` ON `audit_events` (`outcome`);--> statement-breakpoint
CREATE INDEX `audit_events_occurred` ON `audit_events` (`occurred_at`);