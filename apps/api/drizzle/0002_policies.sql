CREATE TYPE "public"."api_key_kind" AS ENUM('agent', 'service');--> statement-breakpoint
CREATE TABLE "api_key_policies" (
	"key_id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"kind" "api_key_kind" DEFAULT 'service' NOT NULL,
	"tools" text[],
	"connection_ids" text[],
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_changes" (
	"id" text PRIMARY KEY NOT NULL,
	"workspace_id" text NOT NULL,
	"principal_kind" text NOT NULL,
	"principal_id" text NOT NULL,
	"principal_name" text NOT NULL,
	"target_kind" text NOT NULL,
	"target_id" text NOT NULL,
	"target_name" text NOT NULL,
	"changes" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "confluence_connections" ADD COLUMN "capabilities" text[] DEFAULT '{read,search,write,comment}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "confluence_connections" ADD COLUMN "allowed_space_keys" text[];--> statement-breakpoint
ALTER TABLE "api_key_policies" ADD CONSTRAINT "api_key_policies_key_id_apikey_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."apikey"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_key_policies" ADD CONSTRAINT "api_key_policies_workspace_id_organization_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_changes" ADD CONSTRAINT "policy_changes_workspace_id_organization_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."organization"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "policy_changes_workspace_cursor_idx" ON "policy_changes" USING btree ("workspace_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);