CREATE TABLE `resync_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`offer_id` text NOT NULL,
	`window_from` text NOT NULL,
	`window_to` text NOT NULL,
	`enqueued_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `resync_requests_offer_idx` ON `resync_requests` (`offer_id`,`enqueued_at`);