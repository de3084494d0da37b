CREATE TABLE "bonus_credits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"key" text NOT NULL,
	"connection_id" uuid NOT NULL,
	"client_id" integer NOT NULL,
	"related_client_id" integer,
	"crm_contact_id" text,
	"amount_kopecks" bigint NOT NULL,
	"reason" text NOT NULL,
	"comment" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"accrual_id" integer,
	"balance_after_kopecks" bigint,
	"error" text,
	"requested_by" text,
	"run_id" uuid,
	"timeline_status" text DEFAULT 'waiting' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bonus_credits_amount" CHECK ("bonus_credits"."amount_kopecks" > 0),
	CONSTRAINT "bonus_credits_status" CHECK ("bonus_credits"."status" in ('pending', 'done', 'failed')),
	CONSTRAINT "bonus_credits_reason" CHECK ("bonus_credits"."reason" in ('manual', 'mass', 'birthday', 'child_birthday', 'campaign', 'nps')),
	CONSTRAINT "bonus_credits_timeline" CHECK ("bonus_credits"."timeline_status" in ('waiting', 'written', 'no_contact'))
);
--> statement-breakpoint
CREATE TABLE "bonus_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"audience" jsonb NOT NULL,
	"amount_kopecks" bigint NOT NULL,
	"reason" text NOT NULL,
	"comment" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"total" integer,
	"credited" integer DEFAULT 0 NOT NULL,
	"already" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"skipped" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"requested_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bonus_runs_amount" CHECK ("bonus_runs"."amount_kopecks" > 0),
	CONSTRAINT "bonus_runs_status" CHECK ("bonus_runs"."status" in ('queued', 'running', 'done', 'interrupted'))
);
--> statement-breakpoint
ALTER TABLE "bonus_credits" ADD CONSTRAINT "bonus_credits_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonus_credits" ADD CONSTRAINT "bonus_credits_connection_id_lime_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."lime_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonus_credits" ADD CONSTRAINT "bonus_credits_run_id_bonus_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."bonus_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonus_runs" ADD CONSTRAINT "bonus_runs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonus_runs" ADD CONSTRAINT "bonus_runs_connection_id_lime_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."lime_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bonus_credits_tenant_key" ON "bonus_credits" USING btree ("tenant_id","key");--> statement-breakpoint
CREATE INDEX "bonus_credits_run_idx" ON "bonus_credits" USING btree ("tenant_id","run_id","status");--> statement-breakpoint
CREATE INDEX "bonus_credits_contact_idx" ON "bonus_credits" USING btree ("tenant_id","crm_contact_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "bonus_credits_timeline_idx" ON "bonus_credits" USING btree ("tenant_id","done_at") WHERE "bonus_credits"."status" = 'done' and "bonus_credits"."timeline_status" = 'waiting';--> statement-breakpoint
CREATE INDEX "bonus_runs_tenant_idx" ON "bonus_runs" USING btree ("tenant_id","created_at" DESC NULLS LAST);