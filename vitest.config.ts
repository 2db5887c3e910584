import { defineConfig } from 'vitest/config';

// Integration tests start real PostgreSQL clusters; two cores means few at a time.
export default defineConfig({
  test: {
    include: ['src-shared/**/*.test.ts', 'src-main/**/*.test.ts', 'test/**/*.test.ts', 'src-renderer/**/*.test.tsx'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
