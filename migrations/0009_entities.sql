ALTER TABLE `campaigns` ADD `forward_params` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `offers` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `sites` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `traffic_sources` ADD `type` text DEFAULT 'ad_network' NOT NULL;--> statement-breakpoint
ALTER TABLE `traffic_sources` ADD `cost_amount_micros` integer;--> statement-breakpoint
ALTER TABLE `traffic_sources` ADD `cost_currency` text;--> statement-breakpoint
ALTER TABLE `traffic_sources` ADD `cost_revshare_pct` text;--> statement-breakpoint
ALTER TABLE `traffic_sources` ADD `archived_at` integer;