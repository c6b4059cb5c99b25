CREATE TABLE `source_postbacks` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`site_id` text NOT NULL,
	`campaign_id` text NOT NULL,
	`conversion_id` text NOT NULL,
	`event_type` text NOT NULL,
	`url` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`last_http_status` integer,
	`last_error` text,
	`next_attempt_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `source_postbacks_ws_idx` ON `source_postbacks` (`workspace_id`,`created_at`);