CREATE TABLE `revenue_day_pulls` (
	`offer_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`day` text NOT NULL,
	`last_pulled_at` integer NOT NULL,
	PRIMARY KEY(`offer_id`, `day`)
);
--> statement-breakpoint
ALTER TABLE `offers` ADD `settle_horizons` text;--> statement-breakpoint
ALTER TABLE `revenue_changes` ADD `late_restatement` integer DEFAULT false NOT NULL;