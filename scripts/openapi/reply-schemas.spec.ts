import { readFileSync } from 'node:fs';
import { generateReplySchemas, REPLY_SCHEMAS_FILE } from './reply-schemas';

/** The answers in the API document are the handlers' return types: a change of a contract type regenerates them. */
describe('reply schemas of the API document', () => {
  it('are what the contract types say (else: node -r ts-node/register/transpile-only scripts/openapi/reply-schemas.ts)', () => {
    const committed = JSON.parse(readFileSync(REPLY_SCHEMAS_FILE, 'utf8'));
    expect(generateReplySchemas()).toEqual(committed);
  }, 120_000);
});
