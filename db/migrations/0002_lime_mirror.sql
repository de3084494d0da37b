CREATE TABLE "lime_applied_events" (
	"connection_id" uuid NOT NULL,
	"event_id" bigint NOT NULL,
	"tenant_id" uuid NOT NULL,
	"type" text NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lime_applied_events_connection_id_event_id_pk" PRIMARY KEY("connection_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "lime_balances" (
	"connection_id" uuid NOT NULL,
	"client_id" integer NOT NULL,
	"tenant_id" uuid NOT NULL,
	"deposit_kopecks" bigint NOT NULL,
	"bonus_kopecks" bigint NOT NULL,
	"bonus_expires_at" timestamp with time zone,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lime_balances_connection_id_client_id_pk" PRIMARY KEY("connection_id","client_id")
);
--> statement-breakpoint
CREATE TABLE "lime_clients" (
	"connection_id" uuid NOT NULL,
	"id" integer NOT NULL,
	"tenant_id" uuid NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"middle_name" text,
	"display_name" text NOT NULL,
	"phone" text,
	"email" text,
	"birth_date" date,
	"birth_month_day" text,
	"category" text,
	"card_uids" text[] DEFAULT '{}'::text[] NOT NULL,
	"version" integer NOT NULL,
	"lime_updated_at" timestamp with time zone NOT NULL,
	"last_visit_at" timestamp with time zone,
	"source_seq" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "lime_clients_connection_id_id_pk" PRIMARY KEY("connection_id","id")
);
--> statement-breakpoint
CREATE TABLE "lime_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"base_url" text NOT NULL,
	"auth_mode" text NOT NULL,
	"installation_id" integer NOT NULL,
	"cashdesk_id" integer NOT NULL,
	"processing_id" integer,
	"api_user_id" integer,
	"deposit_good_type_id" integer,
	"bonus_good_type_id" integer,
	"time_zone" text NOT NULL,
	"allow_http" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"feed_cursor" bigint DEFAULT 0 NOT NULL,
	"feed_backoff_until" timestamp with time zone,
	"last_polled_at" timestamp with time zone,
	"last_error" text,
	"capabilities" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lime_connections_status_check" CHECK ("lime_connections"."status" in ('active', 'auth_failed', 'disabled'))
);
--> statement-breakpoint
CREATE TABLE "lime_goods" (
	"connection_id" uuid NOT NULL,
	"id" integer NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"category_id" integer,
	"price_kopecks" bigint NOT NULL,
	"kind" text NOT NULL,
	"active" boolean NOT NULL,
	"source_seq" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "lime_goods_connection_id_id_pk" PRIMARY KEY("connection_id","id")
);
--> statement-breakpoint
CREATE TABLE "lime_pending_balances" (
	"connection_id" uuid NOT NULL,
	"client_id" integer NOT NULL,
	"tenant_id" uuid NOT NULL,
	CONSTRAINT "lime_pending_balances_connection_id_client_id_pk" PRIMARY KEY("connection_id","client_id")
);
--> statement-breakpoint
CREATE TABLE "lime_preorders" (
	"connection_id" uuid NOT NULL,
	"id" integer NOT NULL,
	"tenant_id" uuid NOT NULL,
	"number" text NOT NULL,
	"status" text NOT NULL,
	"client_id" integer,
	"event_at" timestamp with time zone NOT NULL,
	"comment" text,
	"items" jsonb NOT NULL,
	"total_kopecks" bigint NOT NULL,
	"external_ref" jsonb,
	"version" integer NOT NULL,
	"lime_updated_at" timestamp with time zone NOT NULL,
	"source_seq" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "lime_preorders_connection_id_id_pk" PRIMARY KEY("connection_id","id")
);
--> statement-breakpoint
CREATE TABLE "lime_relations" (
	"connection_id" uuid NOT NULL,
	"relation_id" integer NOT NULL,
	"tenant_id" uuid NOT NULL,
	"parent_id" integer NOT NULL,
	"child_id" integer NOT NULL,
	"relation_type_id" integer,
	"relation_type_name" text,
	CONSTRAINT "lime_relations_connection_id_relation_id_pk" PRIMARY KEY("connection_id","relation_id")
);
--> statement-breakpoint
CREATE TABLE "lime_transactions" (
	"connection_id" uuid NOT NULL,
	"id" bigint NOT NULL,
	"tenant_id" uuid NOT NULL,
	"client_id" integer,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"total_kopecks" bigint NOT NULL,
	"check_id" bigint,
	"card_uid" text,
	"lines" jsonb NOT NULL,
	"service_point" jsonb,
	"write_off" jsonb,
	"preorder_id" integer,
	CONSTRAINT "lime_transactions_connection_id_id_pk" PRIMARY KEY("connection_id","id")
);
--> statement-breakpoint
ALTER TABLE "lime_applied_events" ADD CONSTRAINT "lime_applied_events_connection_id_lime_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."lime_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lime_applied_events" ADD CONSTRAINT "lime_applied_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lime_balances" ADD CONSTRAINT "lime_balances_connection_id_lime_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."lime_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lime_balances" ADD CONSTRAINT "lime_balances_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lime_clients" ADD CONSTRAINT "lime_clients_connection_id_lime_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."lime_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lime_clients" ADD CONSTRAINT "lime_clients_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lime_connections" ADD CONSTRAINT "lime_connections_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lime_goods" ADD CONSTRAINT "lime_goods_connection_id_lime_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."lime_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lime_goods" ADD CONSTRAINT "lime_goods_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lime_pending_balances" ADD CONSTRAINT "lime_pending_balances_connection_id_lime_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."lime_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lime_pending_balances" ADD CONSTRAINT "lime_pending_balances_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lime_preorders" ADD CONSTRAINT "lime_preorders_connection_id_lime_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."lime_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lime_preorders" ADD CONSTRAINT "lime_preorders_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lime_relations" ADD CONSTRAINT "lime_relations_connection_id_lime_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."lime_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lime_relations" ADD CONSTRAINT "lime_relations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lime_transactions" ADD CONSTRAINT "lime_transactions_connection_id_lime_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."lime_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lime_transactions" ADD CONSTRAINT "lime_transactions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lime_clients_tenant_phone_idx" ON "lime_clients" USING btree ("tenant_id","phone");--> statement-breakpoint
CREATE INDEX "lime_clients_tenant_email_idx" ON "lime_clients" USING btree ("tenant_id","email");--> statement-breakpoint
CREATE INDEX "lime_clients_tenant_birthday_idx" ON "lime_clients" USING btree ("tenant_id","birth_month_day");--> statement-breakpoint
CREATE INDEX "lime_clients_tenant_last_visit_idx" ON "lime_clients" USING btree ("tenant_id","last_visit_at");--> statement-breakpoint
CREATE UNIQUE INDEX "lime_connections_tenant_installation_key" ON "lime_connections" USING btree ("tenant_id","base_url","installation_id");--> statement-breakpoint
CREATE INDEX "lime_goods_tenant_idx" ON "lime_goods" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "lime_pending_balances_tenant_idx" ON "lime_pending_balances" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "lime_preorders_tenant_event_idx" ON "lime_preorders" USING btree ("tenant_id","event_at");--> statement-breakpoint
CREATE INDEX "lime_relations_parent_idx" ON "lime_relations" USING btree ("connection_id","parent_id");--> statement-breakpoint
CREATE INDEX "lime_transactions_client_recent_idx" ON "lime_transactions" USING btree ("tenant_id","client_id","occurred_at" DESC NULLS LAST);