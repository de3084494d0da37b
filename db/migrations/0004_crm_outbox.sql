CREATE TABLE "crm_outbox" (
	"connection_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"lime_id" integer NOT NULL,
	"tenant_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_outbox_connection_id_kind_lime_id_pk" PRIMARY KEY("connection_id","kind","lime_id"),
	CONSTRAINT "crm_outbox_kind" CHECK ("crm_outbox"."kind" in ('good', 'client'))
);
--> statement-breakpoint
ALTER TABLE "crm_outbox" ADD CONSTRAINT "crm_outbox_connection_id_lime_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."lime_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crm_outbox" ADD CONSTRAINT "crm_outbox_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "crm_outbox_tenant_idx" ON "crm_outbox" USING btree ("tenant_id","marked_at");