DROP INDEX "lime_clients_tenant_category_idx";--> statement-breakpoint
DROP INDEX "lime_relations_parent_born_idx";--> statement-breakpoint
ALTER TABLE "lime_clients" ADD COLUMN "children_born" datemultirange;--> statement-breakpoint
-- Backfill: each parent's live children's birth dates (later writes keep them, db/queries/lime-mirror.ts).
UPDATE "lime_clients" AS p SET "children_born" = s."born" FROM (SELECT "connection_id", "parent_id", range_agg(daterange("child_birth_date", "child_birth_date", '[]')) AS "born" FROM "lime_relations" WHERE NOT "deleted" AND "child_birth_date" IS NOT NULL GROUP BY "connection_id", "parent_id") AS s WHERE p."connection_id" = s."connection_id" AND p."id" = s."parent_id";--> statement-breakpoint
CREATE INDEX "lime_clients_parents_idx" ON "lime_clients" USING btree ("tenant_id","connection_id","category","id","children_born") WHERE "lime_clients"."children_born" is not null;
