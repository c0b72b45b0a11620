/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  testTimeout: 30000,
  // Suites start servers and Node-RED runtimes; two workers match the 2-core machines.
  maxWorkers: 2,
  // Node-RED's editor API arms a session-expiry timer (7 days, not unref'd) at each admin login and
  // never clears it (@node-red/editor-api/lib/auth/tokens.js); the host process exits explicitly, but
  // a single suite run in-band would wait on it for ever after its hosts have stopped.
  forceExit: true,
};
