ALTER TABLE `revenue_rows` ADD `reporting_currency` text;--> statement-breakpoint
ALTER TABLE `revenue_rows` ADD `commission_reporting_micros` integer;--> statement-breakpoint
ALTER TABLE `revenue_rows` ADD `fx_rate` text;--> statement-breakpoint
ALTER TABLE `revenue_rows` ADD `fx_rate_date` text;