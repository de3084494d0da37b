CREATE TABLE "rest_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"system" text NOT NULL,
	"method" text NOT NULL,
	"operation" text NOT NULL,
	"url" text NOT NULL,
	"status" integer,
	"duration_ms" integer NOT NULL,
	"outcome" text NOT NULL,
	"error" text,
	"request_body" text,
	"response_body" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rest_log_system_check" CHECK ("rest_log"."system" in ('bitrix24', 'amocrm', 'lime')),
	CONSTRAINT "rest_log_outcome_check" CHECK ("rest_log"."outcome" in ('ok', 'error', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "rest_log" ADD CONSTRAINT "rest_log_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rest_log_tenant_idx" ON "rest_log" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE INDEX "rest_log_at_idx" ON "rest_log" USING btree ("at");