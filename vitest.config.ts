import { resolve } from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC instead of esbuild: Nest's dependency injection needs emitDecoratorMetadata, which esbuild lacks.
const alias = Object.fromEntries(
  ['contracts', 'topology', 'mems-sim', 'messaging', 'state', 'observability', 'testing', 'southbound', 'client'].map((lib) => [
    `@lightpath/${lib}`,
    resolve(__dirname, `libs/${lib}/src`),
  ]),
);

const shared = { resolve: { alias }, plugins: [swc.vite({ module: { type: 'es6' } })] };

export default defineConfig({
  ...shared,
  test: {
    projects: [
      {
        ...shared,
        test: { name: 'unit', include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts', 'bench/**/*.spec.ts'], environment: 'node' },
      },
      {
        ...shared,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
      {
        ...shared,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts', 'test/support/build-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
