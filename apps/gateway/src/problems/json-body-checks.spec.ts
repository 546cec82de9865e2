import { ProblemException } from './problem.filter';
import { jsonBodyError, MAX_JSON_DEPTH, nestedDeeperThan } from './json-body-checks';

const nested = (depth: number) => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

describe('JSON body checks', () => {
  it('counts nesting of arrays and objects, scalars not', () => {
    expect(nestedDeeperThan(1, 0)).toBe(false);
    expect(nestedDeeperThan({ a: [1, 'x'] }, 2)).toBe(false);
    expect(nestedDeeperThan({ a: [1, { b: null }] }, 2)).toBe(true);
    expect(nestedDeeperThan(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(nestedDeeperThan(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(nestedDeeperThan({ wide: Array.from({ length: 1000 }, () => ({ x: [1] })) }, 4)).toBe(false);
  });

  it('walks a 500,000-deep body without overflowing the stack', () => {
    expect(nestedDeeperThan(nested(500_000), MAX_JSON_DEPTH)).toBe(true);
    const objects = JSON.parse('{"a":'.repeat(200_000) + '1' + '}'.repeat(200_000));
    expect(nestedDeeperThan(objects, MAX_JSON_DEPTH)).toBe(true);
  });

  it('answers invalid JSON in Chinese naming body, and leaves other parser errors alone', () => {
    const parse = Object.assign(new SyntaxError('Unexpected end of JSON input'), {
      type: 'entity.parse.failed',
      status: 400,
    });
    const mapped = jsonBodyError(parse) as ProblemException;
    expect(mapped.problem).toMatchObject({ status: 400, errors: [{ field: 'body', message: '不是合法的 JSON' }] });
    const large = Object.assign(new Error('too large'), { type: 'entity.too.large' });
    expect(jsonBodyError(large)).toBe(large);
  });
});
