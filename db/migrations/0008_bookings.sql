CREATE TABLE "booking_resources" (
	"booking_id" uuid NOT NULL,
	"resource_id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	CONSTRAINT "booking_resources_range" CHECK ("booking_resources"."ends_at" > "booking_resources"."starts_at"),
	CONSTRAINT "booking_resources_status" CHECK ("booking_resources"."status" in ('held', 'confirmed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "bookings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"number" integer GENERATED ALWAYS AS IDENTITY (sequence name "bookings_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"hall_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"time_zone" text NOT NULL,
	"status" text DEFAULT 'held' NOT NULL,
	"crm_deal_id" text NOT NULL,
	"crm_contact_id" text,
	"lime_client_id" integer,
	"items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"total_kopecks" bigint DEFAULT 0 NOT NULL,
	"comment" text,
	"version" integer DEFAULT 1 NOT NULL,
	"preorder_id" integer,
	"preorder_number" text,
	"preorder_version" integer,
	"confirmed_at" timestamp with time zone,
	"push_error" text,
	"crm_mirror_id" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bookings_range" CHECK ("bookings"."ends_at" > "bookings"."starts_at"),
	CONSTRAINT "bookings_status" CHECK ("bookings"."status" in ('held', 'confirmed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "resources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"capacity" integer,
	"hours" jsonb NOT NULL,
	"buffer_before_min" integer DEFAULT 0 NOT NULL,
	"buffer_after_min" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"crm_mirror_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resources_kind" CHECK ("resources"."kind" in ('hall', 'staff')),
	CONSTRAINT "resources_capacity" CHECK ("resources"."capacity" is null or "resources"."capacity" > 0),
	CONSTRAINT "resources_buffers" CHECK ("resources"."buffer_before_min" between 0 and 720 and "resources"."buffer_after_min" between 0 and 720)
);
--> statement-breakpoint
ALTER TABLE "booking_resources" ADD CONSTRAINT "booking_resources_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_resources" ADD CONSTRAINT "booking_resources_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "booking_resources" ADD CONSTRAINT "booking_resources_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_hall_id_resources_id_fk" FOREIGN KEY ("hall_id") REFERENCES "public"."resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "booking_resources_pk" ON "booking_resources" USING btree ("booking_id","resource_id");--> statement-breakpoint
CREATE INDEX "booking_resources_tenant_time_idx" ON "booking_resources" USING btree ("tenant_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "bookings_tenant_deal" ON "bookings" USING btree ("tenant_id","crm_deal_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bookings_tenant_number" ON "bookings" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE INDEX "bookings_tenant_time_idx" ON "bookings" USING btree ("tenant_id","starts_at");--> statement-breakpoint
CREATE INDEX "bookings_tenant_preorder_idx" ON "bookings" USING btree ("tenant_id","preorder_id");--> statement-breakpoint
CREATE UNIQUE INDEX "resources_tenant_name" ON "resources" USING btree ("tenant_id","kind",lower("name")) WHERE "resources"."active";--> statement-breakpoint
CREATE INDEX "resources_tenant_idx" ON "resources" USING btree ("tenant_id","kind");