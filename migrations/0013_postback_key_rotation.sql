ALTER TABLE `campaigns` ADD `previous_postback_key` text;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `previous_key_expires_at` integer;--> statement-breakpoint
ALTER TABLE `offers` ADD `previous_postback_key` text;--> statement-breakpoint
ALTER TABLE `offers` ADD `previous_key_expires_at` integer;