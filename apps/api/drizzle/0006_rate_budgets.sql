CREATE TABLE "rate_budgets" (
	"cloud_id" text PRIMARY KEY NOT NULL,
	"limit" bigint,
	"remaining" bigint,
	"reset_at" timestamp with time zone,
	"near_limit" boolean DEFAULT false NOT NULL,
	"blocked_until" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
