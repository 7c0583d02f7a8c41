ALTER TABLE `tokens` ADD `successor_hash` text;--> statement-breakpoint
ALTER TABLE `tokens` ADD `retry_answer` text;--> statement-breakpoint
ALTER TABLE `tokens` ADD `retry_until` integer;