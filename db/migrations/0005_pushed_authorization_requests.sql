CREATE TABLE `pushed_authorization_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`partner_id` text NOT NULL,
	`redirect_uri` text NOT NULL,
	`requested_scopes` text NOT NULL,
	`state` text,
	`code_challenge` text NOT NULL,
	`code_challenge_method` text NOT NULL,
	`dpop_jkt` text,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
