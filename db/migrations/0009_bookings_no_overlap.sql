-- No resource is held twice for overlapping times (DESIGN.md "Bookings are safe under concurrency").
-- Ranges are half-open, so [10:00, 12:00) and [12:00, 14:00) may follow each other; buffers are
-- already in the stored range. A violation is SQLSTATE 23P01, mapped to a 409 naming the booking held.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE "booking_resources" ADD CONSTRAINT "booking_resources_no_overlap"
  EXCLUDE USING gist ("resource_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&)
  WHERE ("status" <> 'cancelled');
