import { uuidParam } from './uuid-param';

describe('uuidParam', () => {
  it('passes a UUID and names the parameter that is not one', () => {
    const id = '3b686107-c469-4be2-b5d1-3cc7ec16ad93';
    expect(uuidParam.transform(id, { type: 'param', data: 'cadreId' })).toBe(id);
    for (const [value, field] of [
      ['not-a-uuid', 'cadreId'],
      ["' OR 1=1 --", 'targetId'],
      ['x'.repeat(8000), 'id'],
    ]) {
      try {
        uuidParam.transform(value, { type: 'param', data: field });
        throw new Error('accepted');
      } catch (err) {
        expect((err as { problem: unknown }).problem).toMatchObject({
          status: 400,
          errors: [{ field, message: '必须是 UUID' }],
        });
      }
    }
  });
});
