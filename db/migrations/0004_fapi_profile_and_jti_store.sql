CREATE TABLE `used_jtis` (
	`kind` text NOT NULL,
	`jti_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`kind`, `jti_hash`)
);
--> statement-breakpoint
CREATE INDEX `used_jtis_expires` ON `used_jtis` (`expires_at`);--> statement-breakpoint
ALTER TABLE `authorization_codes` ADD `dpop_jkt` text;--> statement-breakpoint
ALTER TABLE `authorization_requests` ADD `dpop_jkt` text;--> statement-breakpoint
ALTER TABLE `partners` ADD `security_profile` text DEFAULT 'basic' NOT NULL;--> statement-breakpoint
ALTER TABLE `partners` ADD `jwks` text;--> statement-breakpoint
ALTER TABLE `partners` ADD `registration_number` text;--> statement-breakpoint
ALTER TABLE `tokens` ADD `dpop_jkt` text;