/**
 * Three tiers, named by what they run against:
 * - unit (*.spec.ts, beside the code): our own code with fakes of our own ports, no store, no network;
 * - integration (*.int-spec.ts, beside the code): one component on real stores each file starts itself;
 * - e2e (*.e2e-spec.ts, under <service or lib>/test): the running services over HTTP, on the shared stack;
 * - faults (*.faults-spec.ts, only with EVENTFLOW_FAULTS=1): the whole system under kills, pauses and data loss.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^@eventflow/([a-z-]+)$': '<rootDir>/libs/$1/src' },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.tools/'],
};

module.exports = {
  testTimeout: 60_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{libs,services,jmeter,scripts}/**/*.spec.ts'] },
    { ...shared, displayName: 'integration', testMatch: ['<rootDir>/{libs,services,scripts}/**/*.int-spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/{services,libs}/*/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest-global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest-global-teardown.ts',
    },
    // The fault suite (npm run test:faults): minutes of kills and restarts, so only on demand.
    ...(process.env.EVENTFLOW_FAULTS === '1'
      ? [{ ...shared, displayName: 'faults', testMatch: ['<rootDir>/libs/testing/test/faults/**/*.faults-spec.ts'] }]
      : []),
  ],
};
