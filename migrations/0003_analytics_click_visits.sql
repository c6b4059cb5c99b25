ALTER TABLE `analytics_hourly` ADD `click_visits` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `analytics_hourly_dim_idx` ON `analytics_hourly` (`site_id`,`dim`,`hour`);