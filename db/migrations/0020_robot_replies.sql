CREATE TABLE "robot_replies" (
	"tenant_id" uuid NOT NULL,
	"inbox_id" bigint NOT NULL,
	"credit_key" text,
	"refusal" text,
	"status" text DEFAULT 'waiting' NOT NULL,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone,
	CONSTRAINT "robot_replies_tenant_id_inbox_id_pk" PRIMARY KEY("tenant_id","inbox_id"),
	CONSTRAINT "robot_replies_status" CHECK ("robot_replies"."status" in ('waiting', 'answered', 'not_waiting')),
	CONSTRAINT "robot_replies_what" CHECK ("robot_replies"."credit_key" is not null or "robot_replies"."refusal" is not null)
);
--> statement-breakpoint
ALTER TABLE "robot_replies" ADD CONSTRAINT "robot_replies_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "robot_replies" ADD CONSTRAINT "robot_replies_inbox_id_inbox_id_fk" FOREIGN KEY ("inbox_id") REFERENCES "public"."inbox"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "robot_replies_waiting_idx" ON "robot_replies" USING btree ("tenant_id","created_at") WHERE "robot_replies"."status" = 'waiting';