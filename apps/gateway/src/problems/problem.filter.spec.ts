import { BadRequestException, NotFoundException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { problem } from '@cadre/contracts';
import { RpcFailure } from '@cadre/messaging';
import { ProblemException, toProblem } from './problem.filter';

describe('toProblem', () => {
  it('keeps a problem thrown on purpose, and one a service answered', () => {
    const p = problem(422, '所属领域不存在', [{ field: 'fieldId', message: '领域不存在' }]);
    expect(toProblem(new ProblemException(p))).toEqual(p);
    expect(toProblem(new RpcFailure(p))).toEqual(p);
  });

  it('maps body-parser failures', () => {
    expect(toProblem(Object.assign(new Error('x'), { type: 'entity.parse.failed' })).status).toBe(400);
    expect(toProblem(Object.assign(new Error('x'), { type: 'entity.too.large' })).status).toBe(413);
  });

  it('maps Nest exceptions and the rate limiter', () => {
    expect(toProblem(new NotFoundException('Cannot GET /x'))).toMatchObject({
      status: 404,
      detail: 'Cannot GET /x',
      type: '/problems/not-found',
    });
    expect(toProblem(new BadRequestException(['a', 'b'])).detail).toBe('a; b');
    expect(toProblem(new ThrottlerException()).status).toBe(429);
  });

  it('answers 503 for a dependency that is away, 500 with no detail for a bug', () => {
    expect(toProblem(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).status).toBe(503);
    const bug = toProblem(new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(bug.status).toBe(500);
    expect(bug.detail).not.toContain('undefined');
  });
});
