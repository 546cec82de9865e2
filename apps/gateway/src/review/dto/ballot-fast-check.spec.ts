import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { validationPipe } from '../../problems/validation.pipe';
import { BallotDto, isWellFormedBallot } from './review.dto';

const T1 = '3d0e5a4f-6b7c-4d8e-9f0a-1b2c3d4e5f71';
const T2 = '7B4C9E2D-3A1F-4E5B-8C6D-2F1E0A9B8C71';
const good = {
  ratings: [
    { targetId: T1, grade: 'excellent', scores: { work_style: 90, efficiency: 0 } },
    { targetId: T2, grade: 'incompetent' },
  ],
};

/** Bodies around the edges of every rule of BallotDto. */
const bodies: unknown[] = [
  good,
  { ratings: [{ targetId: T1, grade: 'competent', scores: {} }] },
  { ratings: Array.from({ length: 500 }, () => ({ targetId: T1, grade: 'competent' })) },
  { ratings: Array.from({ length: 501 }, () => ({ targetId: T1, grade: 'competent' })) },
  { ratings: [] },
  {},
  null,
  [],
  'ratings',
  { ratings: good.ratings, extra: 1 },
  { ratings: [{ ...good.ratings[0], voter: 'x' }] },
  { ratings: [{ targetId: 'not-a-uuid', grade: 'excellent' }] },
  { ratings: [{ targetId: `${T1}0`, grade: 'excellent' }] },
  { ratings: [{ targetId: 42, grade: 'excellent' }] },
  { ratings: [{ grade: 'excellent' }] },
  { ratings: [{ targetId: T1 }] },
  { ratings: [{ targetId: T1, grade: 'EXCELLENT' }] },
  { ratings: [{ targetId: T1, grade: 'excellent', scores: null }] },
  { ratings: [{ targetId: T1, grade: 'excellent', scores: [] }] },
  { ratings: [{ targetId: T1, grade: 'excellent', scores: { a: 101 } }] },
  { ratings: [{ targetId: T1, grade: 'excellent', scores: { a: -1 } }] },
  { ratings: [{ targetId: T1, grade: 'excellent', scores: { a: '90' } }] },
  { ratings: [{ targetId: T1, grade: 'excellent', scores: { '': 90 } }] },
  { ratings: [{ targetId: T1, grade: 'excellent', scores: { ['k'.repeat(41)]: 90 } }] },
  {
    ratings: [
      {
        targetId: T1,
        grade: 'excellent',
        scores: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 1])),
      },
    ],
  },
  { ratings: [null] },
  { ratings: ['x'] },
  { ratings: { 0: good.ratings[0] } },
  JSON.parse(
    '{"ratings":[{"targetId":"3d0e5a4f-6b7c-4d8e-9f0a-1b2c3d4e5f71","grade":"excellent","__proto__":{"x":1}}]}',
  ),
];

describe('isWellFormedBallot (the fast path of the public cast route)', () => {
  it('accepts a usual ballot', () => {
    expect(isWellFormedBallot(good)).toBe(true);
  });

  it('accepts nothing the DTO would refuse, and refuses malformed ballots', async () => {
    // The same options as the gateway's pipe, but always class-validator.
    const full = validationPipe();
    const slow = (body: unknown) =>
      ValidationPipe.prototype.transform.call(full, body, { type: 'body', metatype: BallotDto, data: '' });
    const fast = bodies.map((b) => isWellFormedBallot(b));
    expect(fast.map((ok, i) => (ok ? i : -1)).filter((i) => i >= 0)).toEqual([0, 1, 2]);
    // After the fast check: Nest's pipe deletes `__proto__` keys from the body it is given.
    for (const [i, body] of bodies.entries()) {
      const byDto = await slow(body).then(
        () => true,
        () => false,
      );
      if (fast[i]) expect({ i, byDto }).toEqual({ i, byDto: true });
    }
  });

  it('passes a well-formed ballot through the gateway pipe unchanged, and validates the rest', async () => {
    const pipe = validationPipe();
    expect(await pipe.transform(good, { type: 'body', metatype: BallotDto, data: '' })).toBe(good);
    await expect(
      pipe.transform(
        { ratings: [{ targetId: 'x', grade: 'excellent' }] },
        { type: 'body', metatype: BallotDto, data: '' },
      ),
    ).rejects.toMatchObject({
      problem: { status: 400 },
    });
  });
});
