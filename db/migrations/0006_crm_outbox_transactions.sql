ALTER TABLE "crm_outbox" DROP CONSTRAINT "crm_outbox_kind";--> statement-breakpoint
ALTER TABLE "crm_outbox" ALTER COLUMN "lime_id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "crm_outbox" ADD CONSTRAINT "crm_outbox_kind" CHECK ("crm_outbox"."kind" in ('good', 'client', 'transaction'));