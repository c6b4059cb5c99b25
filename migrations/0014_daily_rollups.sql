CREATE TABLE `rollup_clicks_daily` (
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
CREATE TABLE `rollup_conversions_daily` (
	`workspace_id` text NOT NULL,
	`tz` text NOT NULL,
	`day` text NOT NULL,
	`site_id` text NOT NULL,
	`campaign_id` text NOT NULL,
	`offer_id` text NOT NULL,
	`market` text NOT NULL,
	`event_type` text NOT NULL,
	`currency` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	`amount_micros` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`workspace_id`, `tz`, `day`, `site_id`, `campaign_id`, `offer_id`, `market`, `event_type`, `currency`)
);
--> statement-breakpoint
CREATE TABLE `rollup_revenue_daily` (
	`workspace_id` text NOT NULL,
	`day` text NOT NULL,
	`offer_id` text NOT NULL,
	`site_id` text NOT NULL,
	`campaign_id` text NOT NULL,
	`market` text NOT NULL,
	`currency` text NOT NULL,
	`rows` integer NOT NULL,
	`registrations` integer NOT NULL,
	`registrations_n` integer NOT NULL,
	`ftds` integer NOT NULL,
	`ftds_n` integer NOT NULL,
	`qftds` integer NOT NULL,
	`qftds_n` integer NOT NULL,
	`deposits_micros` integer NOT NULL,
	`deposits_n` integer NOT NULL,
	`ngr_micros` integer NOT NULL,
	`ngr_n` integer NOT NULL,
	`commission_micros` integer NOT NULL,
	`commission_n` integer NOT NULL,
	`commission_reporting_micros` integer NOT NULL,
	`commission_reporting_n` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `day`, `offer_id`, `site_id`, `campaign_id`, `market`, `currency`)
);
--> statement-breakpoint
CREATE INDEX `rollup_revenue_offer_day_idx` ON `rollup_revenue_daily` (`offer_id`,`day`);--> statement-breakpoint
CREATE TABLE `rollup_zones` (
	`workspace_id` text NOT NULL,
	`tz` text NOT NULL,
	`state` text DEFAULT 'building' NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `tz`)
);
