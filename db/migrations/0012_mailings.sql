CREATE TABLE "campaign_sends" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"client_id" integer NOT NULL,
	"occasion" text NOT NULL,
	"contact_id" text,
	"deal_id" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"crm_entity_id" text,
	"error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_sends_status" CHECK ("campaign_sends"."status" in ('queued', 'sent', 'failed', 'skipped'))
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"rules" jsonb NOT NULL,
	"delivery" jsonb NOT NULL,
	"bonus_kopecks" bigint,
	"enabled_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_kind" CHECK ("campaigns"."kind" in ('birthday', 'winback', 'nps', 'manual')),
	CONSTRAINT "campaigns_bonus" CHECK ("campaigns"."bonus_kopecks" is null or "campaigns"."bonus_kopecks" > 0)
);
--> statement-breakpoint
CREATE TABLE "nps_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"send_id" uuid NOT NULL,
	"client_id" integer NOT NULL,
	"contact_id" text,
	"score" integer NOT NULL,
	"comment" text,
	"crm_status" text DEFAULT 'waiting' NOT NULL,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "nps_answers_score" CHECK ("nps_answers"."score" between 0 and 10),
	CONSTRAINT "nps_answers_crm" CHECK ("nps_answers"."crm_status" in ('waiting', 'written', 'no_contact', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "campaign_sends" ADD CONSTRAINT "campaign_sends_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_sends" ADD CONSTRAINT "campaign_sends_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_connection_id_lime_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."lime_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nps_answers" ADD CONSTRAINT "nps_answers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nps_answers" ADD CONSTRAINT "nps_answers_send_id_campaign_sends_id_fk" FOREIGN KEY ("send_id") REFERENCES "public"."campaign_sends"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_sends_once" ON "campaign_sends" USING btree ("tenant_id","campaign_id","client_id","occasion");--> statement-breakpoint
CREATE INDEX "campaign_sends_due_idx" ON "campaign_sends" USING btree ("tenant_id","due_at") WHERE "campaign_sends"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "campaign_sends_sent_idx" ON "campaign_sends" USING btree ("tenant_id","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "campaigns_tenant_name" ON "campaigns" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "campaigns_tenant_enabled_idx" ON "campaigns" USING btree ("tenant_id","enabled");--> statement-breakpoint
CREATE UNIQUE INDEX "nps_answers_send" ON "nps_answers" USING btree ("send_id");--> statement-breakpoint
CREATE INDEX "nps_answers_tenant_time_idx" ON "nps_answers" USING btree ("tenant_id","answered_at");