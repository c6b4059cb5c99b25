PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_rollup_clicks_daily` (
	`workspace_id` text NOT NULL,
	`tz` text NOT NULL,
	`day` text NOT NULL,
	`site_id` text NOT NULL,
	`campaign_id` text NOT NULL,
	`offer_id` text NOT NULL,
	`market` text NOT NULL,
	`flag` text DEFAULT '' NOT NULL,
	`clicks` integer DEFAULT 0 NOT NULL,
	`unique_clicks` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`workspace_id`, `tz`, `day`, `site_id`, `campaign_id`, `offer_id`, `market`, `flag`)
);
--> statement-breakpoint
INSERT INTO `__new_rollup_clicks_daily`("workspace_id", "tz", "day", "site_id", "campaign_id", "offer_id", "market", "flag", "clicks", "unique_clicks") SELECT "workspace_id", "tz", "day", "site_id", "campaign_id", "offer_id", "market", "flag", "clicks", "unique_clicks" FROM `rollup_clicks_daily`;--> statement-breakpoint
DROP TABLE `rollup_clicks_daily`;--> statement-breakpoint
ALTER TABLE `__new_rollup_clicks_daily` RENAME TO `rollup_clicks_daily`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
ALTER TABLE `rollup_zones` ADD `version` integer DEFAULT 0 NOT NULL;