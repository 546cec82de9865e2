import { pageOf, toOpenApi31 } from './openapi';

describe('OpenAPI 3.1 document helpers', () => {
  it('writes 3.0 `nullable` and boolean exclusive bounds as 3.1 does', () => {
    expect(toOpenApi31({ type: 'string', nullable: true, enum: ['a'] })).toEqual({
      type: ['string', 'null'],
      enum: ['a', null],
    });
    expect(toOpenApi31({ allOf: [{ $ref: '#/components/schemas/X' }], nullable: true, description: 'd' })).toEqual({
      description: 'd',
      anyOf: [{ allOf: [{ $ref: '#/components/schemas/X' }] }, { type: 'null' }],
    });
    expect(toOpenApi31({ properties: { n: { type: 'number', minimum: 0, exclusiveMinimum: true } } })).toEqual({
      properties: { n: { type: 'number', exclusiveMinimum: 0 } },
    });
    expect(toOpenApi31({ type: 'number', minimum: 1, exclusiveMinimum: false })).toEqual({
      type: 'number',
      minimum: 1,
    });
  });

  it('makes a bare array and a page without a cursor the same { items, nextCursor }, keeping what a page adds', () => {
    const item = { $ref: '#/components/schemas/Item' };
    const nextCursor = expect.objectContaining({ type: ['string', 'null'] });
    expect(pageOf({ type: 'array', items: item }, {})).toEqual({
      type: 'object',
      properties: { items: { type: 'array', items: item }, nextCursor },
      required: ['items', 'nextCursor'],
    });
    const schemas = {
      Ranking: {
        type: 'object',
        properties: { items: { type: 'array', items: item }, revision: { type: 'number' } },
        required: ['items', 'revision'],
      },
    };
    expect(pageOf({ $ref: '#/components/schemas/Ranking' }, schemas)).toEqual({
      type: 'object',
      properties: { items: { type: 'array', items: item }, revision: { type: 'number' }, nextCursor },
      required: ['items', 'revision', 'nextCursor'],
    });
    expect(schemas.Ranking.properties).not.toHaveProperty('nextCursor');
  });
});
