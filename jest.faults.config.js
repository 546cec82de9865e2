// `npm run test:faults`: the fault tests of test/faults (services SIGKILLed, servers restarted,
// duplicate storms, slow handlers, scheduler churn) against the built services as processes.
// Kept out of `npm test` (jest.config.js only matches *.spec / *.int-spec / *.e2e-spec).
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
  testTimeout: 300_000,
  // Remembers a failure, so that the services' logs of a failed run are printed (fault-stack.ts).
  testEnvironment: '<rootDir>/test/faults/support/fault-environment.js',
};
