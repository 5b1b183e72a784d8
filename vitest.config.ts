import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Two projects: unit tests need nothing running; integration and e2e tests
// share one real Meilisearch started by the global setup on a free port.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Most integration files wait on Meilisearch tasks, child processes and
    // sockets rather than compute, so one more worker than cores is faster;
    // vitest's default (cores - 1) runs them one by one on a 2-core machine.
    maxWorkers: Math.max(3, availableParallelism()),
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/helpers/global-setup.ts'],
        },
      },
    ],
  },
});
