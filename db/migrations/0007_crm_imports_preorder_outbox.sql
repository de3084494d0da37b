CREATE TABLE "crm_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"phase" text DEFAULT 'goods' NOT NULL,
	"cursor" text,
	"transactions_since" timestamp with time zone NOT NULL,
	"totals" jsonb NOT NULL,
	"done" jsonb NOT NULL,
	"outcome" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"active_ms" bigint DEFAULT 0 NOT NULL,
	"resumed_at" timestamp with time zone,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "crm_imports_status" CHECK ("crm_imports"."status" in ('running', 'paused', 'done', 'failed', 'cancelled')),
	CONSTRAINT "crm_imports_phase" CHECK ("crm_imports"."phase" in ('goods', 'clients', 'transactions', 'done'))
);
--> statement-breakpoint
ALTER TABLE "crm_outbox" DROP CONSTRAINT "crm_outbox_kind";--> statement-breakpoint
ALTER TABLE "crm_imports" ADD CONSTRAINT "crm_imports_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_imports" ADD CONSTRAINT "crm_imports_connection_id_lime_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."lime_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "crm_imports_tenant_idx" ON "crm_imports" USING btree ("tenant_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "crm_imports_one_active" ON "crm_imports" USING btree ("tenant_id") WHERE "crm_imports"."status" in ('running', 'paused');--> statement-breakpoint
ALTER TABLE "crm_outbox" ADD CONSTRAINT "crm_outbox_kind" CHECK ("crm_outbox"."kind" in ('good', 'client', 'transaction', 'preorder'));