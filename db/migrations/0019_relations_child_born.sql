ALTER TABLE "lime_relations" ADD COLUMN "child_birth_date" date;--> statement-breakpoint
-- Backfill: each relation takes its child's birth date from the mirror (later writes keep it, db/queries/lime-mirror.ts).
UPDATE "lime_relations" AS r SET "child_birth_date" = c."birth_date" FROM "lime_clients" AS c WHERE c."connection_id" = r."connection_id" AND c."id" = r."child_id" AND c."birth_date" IS NOT NULL;--> statement-breakpoint
DROP INDEX "lime_clients_tenant_birthday_idx";--> statement-breakpoint
CREATE INDEX "lime_clients_tenant_birthday_idx" ON "lime_clients" USING btree ("tenant_id","birth_month_day","connection_id","category");--> statement-breakpoint
CREATE INDEX "lime_clients_tenant_category_idx" ON "lime_clients" USING btree ("tenant_id","connection_id","category","id");--> statement-breakpoint
CREATE INDEX "lime_relations_parent_born_idx" ON "lime_relations" USING btree ("connection_id","parent_id","child_birth_date") WHERE not "lime_relations"."deleted";
