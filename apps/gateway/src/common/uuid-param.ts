import { ParseUUIDPipe } from '@nestjs/common';
import { problem } from '@cadre/contracts';
import { ProblemException } from '../problems/problem.filter';

/** A path id that is not a UUID cannot name anything: 400 naming the `id` field. */
export const uuidParam = new ParseUUIDPipe({
  exceptionFactory: () => new ProblemException(problem(400, '路径中的 id 必须是 UUID', [{ field: 'id', message: '必须是 UUID' }])),
});
