import { defineConfig } from 'drizzle-kit';

// PostgreSQL mode (operations.md: DATABASE_URL). `generate` needs no database; the url is for
// drizzle-kit's other commands.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.pg.ts',
  out: './db/migrations-pg',
  dbCredentials: { url: process.env.DATABASE_URL ?? '' },
});
