CREATE TABLE "booking_counters" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"last" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bookings" ALTER COLUMN "number" DROP IDENTITY;--> statement-breakpoint
ALTER TABLE "booking_counters" ADD CONSTRAINT "booking_counters_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Bookings made before keep their numbers; each tenant's next one follows its highest.
INSERT INTO "booking_counters" ("tenant_id", "last")
  SELECT "tenant_id", max("number") FROM "bookings" GROUP BY "tenant_id";
