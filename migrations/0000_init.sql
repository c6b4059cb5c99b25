CREATE TABLE `analytics_hourly` (
	`workspace_id` text NOT NULL,
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`dim` text NOT NULL,
	`value` text NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`visitors` integer DEFAULT 0 NOT NULL,
	`visits` integer DEFAULT 0 NOT NULL,
	`bounces` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	`offer_clicks` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `dim`, `value`)
);
--> statement-breakpoint
CREATE TABLE `campaign_offers` (
	`workspace_id` text NOT NULL,
	`campaign_id` text NOT NULL,
	`offer_id` text NOT NULL,
	PRIMARY KEY(`campaign_id`, `offer_id`)
);
--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`site_id` text NOT NULL,
	`traffic_source_id` text,
	`name` text NOT NULL,
	`postback_key` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaigns_postback_key_uq` ON `campaigns` (`postback_key`);--> statement-breakpoint
CREATE INDEX `campaigns_site_idx` ON `campaigns` (`site_id`);--> statement-breakpoint
CREATE TABLE `casino_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`offer_id` text NOT NULL,
	`name` text NOT NULL,
	`logo_url` text,
	`bonus_text` text,
	`payment_methods` text NOT NULL,
	`markets` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `casino_entries_offer_uq` ON `casino_entries` (`offer_id`);--> statement-breakpoint
CREATE TABLE `clicks` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`site_id` text NOT NULL,
	`link_id` text NOT NULL,
	`campaign_id` text,
	`offer_id` text NOT NULL,
	`ts` integer NOT NULL,
	`day` text NOT NULL,
	`visitor_hash` text NOT NULL,
	`is_unique` integer NOT NULL,
	`flag` text,
	`country` text,
	`sub_ids` text NOT NULL,
	`placement` text,
	`referrer` text
);
--> statement-breakpoint
CREATE INDEX `clicks_site_day_idx` ON `clicks` (`site_id`,`day`);--> statement-breakpoint
CREATE TABLE `conversions` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`site_id` text,
	`offer_id` text,
	`campaign_id` text,
	`click_id` text,
	`attributed` integer NOT NULL,
	`event_type` text NOT NULL,
	`status` text NOT NULL,
	`amount_micros` integer,
	`currency` text,
	`player_id` text,
	`txid` text,
	`dedupe_key` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`day` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conversions_dedupe_uq` ON `conversions` (`workspace_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `conversions_site_day_idx` ON `conversions` (`site_id`,`day`);--> statement-breakpoint
CREATE TABLE `flush_log` (
	`hub_id` text NOT NULL,
	`seq` integer NOT NULL,
	`applied_at` integer NOT NULL,
	PRIMARY KEY(`hub_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `fx_rates` (
	`date` text NOT NULL,
	`base` text NOT NULL,
	`quote` text NOT NULL,
	`rate` text NOT NULL,
	`source` text NOT NULL,
	PRIMARY KEY(`date`, `base`, `quote`)
);
--> statement-breakpoint
CREATE TABLE `offer_sync_state` (
	`offer_id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`last_attempt_at` integer,
	`last_success_at` integer,
	`complete_through` text,
	`cadence_hours` integer DEFAULT 24 NOT NULL,
	`last_error` text,
	`consecutive_failures` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `offers` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`platform` text NOT NULL,
	`brand` text NOT NULL,
	`merchant` text,
	`channel` text,
	`campaign_tag` text,
	`tracking_url` text NOT NULL,
	`click_param` text,
	`postback_events` text NOT NULL,
	`postback_key` text NOT NULL,
	`ip_allowlist` text,
	`deal_type` text,
	`deal_cpa_micros` integer,
	`deal_currency` text,
	`deal_revshare_pct` text,
	`deal_baseline` text,
	`deal_notes` text,
	`api_config` text,
	`api_secret_enc` text,
	`platform_timezone` text DEFAULT 'UTC' NOT NULL,
	`account_currency` text,
	`sync_enabled` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `offers_postback_key_uq` ON `offers` (`postback_key`);--> statement-breakpoint
CREATE INDEX `offers_ws_idx` ON `offers` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `postbacks` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`site_id` text,
	`offer_id` text,
	`campaign_id` text,
	`click_id` text,
	`event_type` text,
	`outcome` text NOT NULL,
	`reason` text,
	`conversion_id` text,
	`received_at` integer NOT NULL,
	`day` text NOT NULL,
	`method` text NOT NULL,
	`raw_query` text NOT NULL,
	`raw_body` text,
	`remote_ip` text
);
--> statement-breakpoint
CREATE INDEX `postbacks_ws_received_idx` ON `postbacks` (`workspace_id`,`received_at`);--> statement-breakpoint
CREATE TABLE `revenue_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`offer_id` text NOT NULL,
	`sync_run_id` text NOT NULL,
	`natural_key` text NOT NULL,
	`report_date` text NOT NULL,
	`kind` text NOT NULL,
	`diff` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `revenue_changes_offer_idx` ON `revenue_changes` (`offer_id`,`report_date`);--> statement-breakpoint
CREATE TABLE `revenue_rows` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`offer_id` text NOT NULL,
	`site_id` text,
	`campaign_id` text,
	`platform` text NOT NULL,
	`natural_key` text NOT NULL,
	`report_date` text NOT NULL,
	`report_tz` text NOT NULL,
	`date_basis` text DEFAULT 'activity' NOT NULL,
	`granularity` text DEFAULT 'day' NOT NULL,
	`brand_ext_id` text,
	`brand_name_raw` text,
	`campaign_ext_id` text,
	`campaign_name_raw` text,
	`tracking_code` text,
	`sub_ids` text NOT NULL,
	`click_id` text,
	`country` text,
	`impressions` integer,
	`clicks` integer,
	`registrations` integer,
	`ftd_count` integer,
	`qftd_count` integer,
	`depositing_players` integer,
	`deposit_count` integer,
	`deposits_micros` integer,
	`ftd_amount_micros` integer,
	`ngr_micros` integer,
	`commission_revshare_micros` integer,
	`commission_cpa_micros` integer,
	`commission_other_micros` integer,
	`commission_total_micros` integer,
	`currency` text NOT NULL,
	`currency_origin` text NOT NULL,
	`metric_semantics` text,
	`row_hash` text NOT NULL,
	`revision` integer DEFAULT 1 NOT NULL,
	`state` text DEFAULT 'active' NOT NULL,
	`sync_run_id` text NOT NULL,
	`fetched_at` integer NOT NULL,
	`raw` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `revenue_rows_key_uq` ON `revenue_rows` (`offer_id`,`natural_key`);--> statement-breakpoint
CREATE INDEX `revenue_rows_ws_date_idx` ON `revenue_rows` (`workspace_id`,`report_date`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `site_offers` (
	`workspace_id` text NOT NULL,
	`site_id` text NOT NULL,
	`offer_id` text NOT NULL,
	PRIMARY KEY(`site_id`, `offer_id`)
);
--> statement-breakpoint
CREATE INDEX `site_offers_offer_idx` ON `site_offers` (`offer_id`);--> statement-breakpoint
CREATE TABLE `sites` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`domains` text NOT NULL,
	`market` text NOT NULL,
	`locale` text DEFAULT 'en' NOT NULL,
	`timezone` text NOT NULL,
	`public_key` text NOT NULL,
	`hub_code` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sites_public_key_uq` ON `sites` (`public_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `sites_hub_code_uq` ON `sites` (`hub_code`);--> statement-breakpoint
CREATE INDEX `sites_ws_idx` ON `sites` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `sync_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`offer_id` text NOT NULL,
	`trigger` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`window_from` text NOT NULL,
	`window_to` text NOT NULL,
	`rows_read` integer DEFAULT 0 NOT NULL,
	`rows_inserted` integer DEFAULT 0 NOT NULL,
	`rows_changed` integer DEFAULT 0 NOT NULL,
	`rows_removed` integer DEFAULT 0 NOT NULL,
	`http_status` integer,
	`error` text,
	`raw_response` text,
	`attempt` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sync_runs_offer_idx` ON `sync_runs` (`offer_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `tracking_links` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`site_id` text NOT NULL,
	`campaign_id` text,
	`offer_id` text NOT NULL,
	`slug` text NOT NULL,
	`click_param_override` text,
	`forward_params` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tracking_links_slug_uq` ON `tracking_links` (`slug`);--> statement-breakpoint
CREATE INDEX `tracking_links_site_idx` ON `tracking_links` (`site_id`);--> statement-breakpoint
CREATE TABLE `traffic_sources` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`postback_url_template` text,
	`click_id_param` text,
	`cost_model` text,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text DEFAULT 'owner' NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_uq` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `workspaces` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`reporting_currency` text DEFAULT 'EUR' NOT NULL,
	`reporting_timezone` text DEFAULT 'UTC' NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
