// One jest run covers unit specs (next to the code), integration specs (test/integration) and
// end-to-end specs (test/e2e), all against the real Postgres, Redis and NATS for the last two.
// Each test file isolates itself with its own namespace (schemas, subjects, queues): see libs/testing.
const tsconfig = require('./tsconfig.json');

const moduleNameMapper = {};
for (const [key, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
  const from = '^' + key.replace('/*', '/(.*)') + '$';
  moduleNameMapper[from] = '<rootDir>/' + target.replace('/*', '/$1');
}

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/{apps,libs,test,scripts}/**/*.{spec,int-spec,e2e-spec}.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false }] },
  moduleNameMapper,
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/libs/testing/src/summary-reporter.js'],
  // Integration tests start apps, NATS consumers and Redis clients; a leaked handle must not hang CI.
  forceExit: true,
};
