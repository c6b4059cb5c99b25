CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`user_id` text,
	`user_email` text,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text,
	`summary` text NOT NULL,
	`diff` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_ws_at_idx` ON `audit_log` (`workspace_id`,`at`);