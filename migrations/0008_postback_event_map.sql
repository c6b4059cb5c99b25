ALTER TABLE `offers` ADD `event_map` text;--> statement-breakpoint
ALTER TABLE `postbacks` ADD `event_name` text;