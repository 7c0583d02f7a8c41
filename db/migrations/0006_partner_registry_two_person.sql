CREATE TABLE `partner_change_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`partner_id` text,
	`proposed` text NOT NULL,
	`proposed_by` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`outcome` text,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposed_by`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `partner_change_requests_pending` ON `partner_change_requests` (`decided_at`);--> statement-breakpoint
ALTER TABLE `partners` ADD `previous_client_secret_hash` text;--> statement-breakpoint
ALTER TABLE `partners` ADD `previous_secret_expires_at` integer;--> statement-breakpoint
ALTER TABLE `staff` ADD `must_change_password` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `staff` ADD `disabled_at` integer;