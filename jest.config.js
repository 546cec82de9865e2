// One jest run covers unit specs (next to the code), integration specs (test/integration) and
// end-to-end specs (test/e2e), all against the real Postgres, Redis and NATS for the last two.
// Each test file isolates itself with its own namespace (schemas, subjects, queues): see libs/testing.
const tsconfig = require('./tsconfig.json');

const moduleNameMapper = {};
for (const [key, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
  const from = '^' + key.replace('/*', '/(.*)') + '$';
  moduleNameMapper[from] = '<rootDir>/' + target.replace('/*', '/$1');
}

// Packages published as ES modules only (checked: "type": "module" and no "require" condition).
const ESM_ONLY = ['@nestjs', 'file-type', 'strtok3', 'token-types', '@tokenizer', 'uint8array-extras', '@borewit'];

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/{apps,libs,test,scripts}/**/*.{spec,int-spec,e2e-spec}.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false }],
    '/node_modules/.+\\.js$': '<rootDir>/libs/testing/src/jest-esm-transform.js',
  },
  // The ESM-only packages (NestJS 12, and file-type with its own, which @nestjs/common loads) are
  // compiled to CommonJS for jest: see libs/testing/src/jest-esm-transform.js. Every other package
  // is left as it is, as before.
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper,
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/libs/testing/src/summary-reporter.js'],
  // Integration tests start apps, NATS consumers and Redis clients; a leaked handle must not hang CI.
  forceExit: true,
};
