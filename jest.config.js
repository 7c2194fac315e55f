/** @type {import('jest').Config} */
const tsJest = ['ts-jest', {}];
module.exports = {
  // Not a speed target (those live in npm run bench): room for tests that run the whole command line or
  // convert with LibreOffice on a shared two-core machine, where jest's 5 s default failed at random.
  testTimeout: 30_000,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/test/browser/'],
      transform: { '^.+\\.tsx?$': tsJest },
      moduleNameMapper: {
        '^office-addin-manifest$': '<rootDir>/node_modules/office-addin-manifest/lib/officeApp.js',
      },
    },
    {
      displayName: 'browser',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
      transform: { '^.+\\.tsx?$': tsJest },
    },
  ],
};
