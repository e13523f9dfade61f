/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  // d3-force and its dependencies ship ES modules first; their UMD builds load under CommonJS.
  moduleNameMapper: {
    '^d3-(force|quadtree|dispatch|timer)$': '<rootDir>/node_modules/d3-$1/dist/d3-$1.js',
  },
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/setup/summary-reporter.js'],
  testTimeout: 60000,
};
