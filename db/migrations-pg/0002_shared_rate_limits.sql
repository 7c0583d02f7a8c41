-- Token buckets shared by every process on this database (server/shared-rate-limit.ts).
-- UNLOGGED: no WAL and no flush per request; after a crash the table is empty, which only
-- means every bucket starts full again.
CREATE UNLOGGED TABLE rate_limit_buckets (
  key text PRIMARY KEY,
  tokens double precision NOT NULL,
  updated_at bigint NOT NULL,
  allowed boolean NOT NULL
);
