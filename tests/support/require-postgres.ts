// tests/pg/ runs only on PostgreSQL (`npm run test:pg` starts a throwaway server). Running it
// without one is a configuration mistake, reported as such rather than skipped.
if (!process.env.DATABASE_URL?.startsWith('postgres')) {
  throw new Error('tests/pg needs DATABASE_URL: run `npm run test:pg`, which starts a throwaway PostgreSQL');
}
