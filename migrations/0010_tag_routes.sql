CREATE TABLE `tag_routes` (
	`workspace_id` text NOT NULL,
	`offer_id` text NOT NULL,
	`dimension` text NOT NULL,
	`value` text NOT NULL,
	`site_id` text NOT NULL,
	`campaign_id` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`offer_id`, `dimension`, `value`)
);
--> statement-breakpoint
ALTER TABLE `revenue_rows` ADD `tag_dimension` text;--> statement-breakpoint
ALTER TABLE `revenue_rows` ADD `tag_value` text;--> statement-breakpoint
ALTER TABLE `revenue_rows` ADD `placement` text DEFAULT 'unassigned' NOT NULL;--> statement-breakpoint
CREATE INDEX `revenue_rows_offer_tag_idx` ON `revenue_rows` (`offer_id`,`tag_dimension`,`tag_value`);--> statement-breakpoint
ALTER TABLE `sync_runs` ADD `metric_columns` text;