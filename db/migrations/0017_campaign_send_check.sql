ALTER TABLE "campaign_sends" ADD COLUMN "automation_asked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "campaign_sends" ADD COLUMN "delivery_check" text;--> statement-breakpoint
ALTER TABLE "campaign_sends" ADD CONSTRAINT "campaign_sends_check" CHECK ("campaign_sends"."delivery_check" is null or "campaign_sends"."delivery_check" in ('confirmed', 'not_confirmed', 'unknown'));