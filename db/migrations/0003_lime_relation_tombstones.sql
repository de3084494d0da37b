ALTER TABLE "lime_relations" ADD COLUMN "deleted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "lime_relations" ADD COLUMN "source_seq" bigint DEFAULT 0 NOT NULL;