CREATE TABLE `batch_items` (
	`batch_id` text NOT NULL,
	`seq` integer NOT NULL,
	`source_row` integer NOT NULL,
	`external_id` text,
	`candidate` text,
	`round` text NOT NULL,
	`answer` text NOT NULL,
	`grading_id` text,
	PRIMARY KEY(`batch_id`, `seq`),
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`grading_id`) REFERENCES `gradings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `batch_items_pending` ON `batch_items` (`batch_id`,`grading_id`,`seq`);--> statement-breakpoint
CREATE TABLE `batches` (
	`id` text PRIMARY KEY NOT NULL,
	`organisation_id` text NOT NULL,
	`rubric_id` text NOT NULL,
	`status` text NOT NULL,
	`total` integer NOT NULL,
	`processed` integer NOT NULL,
	`weak` integer NOT NULL,
	`strong` integer NOT NULL,
	`senior` integer NOT NULL,
	`needs_review` integer NOT NULL,
	`skipped` text,
	`callback_url` text,
	`error` text,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `batches_org_created` ON `batches` (`organisation_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `batches_status` ON `batches` (`status`);