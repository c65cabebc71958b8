import { defineConfig } from 'vitest/config';
import base from './vitest.config';

/**
 * `npm run test:ha`: the fault tests on the high-availability layouts (docs/deploy.md), apart from
 * `npm test`'s projects because every file starts layouts of its own (three brokers, Sentinels, a
 * Redis Cluster) on free ports; deploy/test.sh runs it after the main suite. No shared servers.
 */
export default defineConfig({
  resolve: base.resolve,
  plugins: base.plugins,
  test: {
    name: 'ha',
    include: ['test/ha/**/*.test.ts'],
    globalSetup: ['test/support/build-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
