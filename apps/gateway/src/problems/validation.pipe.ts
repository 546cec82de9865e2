import { ValidationPipe } from '@nestjs/common';
import { problem } from '@cadre/contracts';
import { ProblemException } from './problem.filter';
import { fieldErrors } from './validation-messages';

/**
 * Validates every body, query and param against its DTO: unknown fields are refused, not dropped,
 * and every bad field is named in one 400 answer. Nothing reaches a service unvalidated.
 */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // The value is kept to tell a missing field from a wrong one; it is never sent back.
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => {
      const list = fieldErrors(errors);
      return new ProblemException(problem(400, `${list.length} 个字段无效: ${list.map((e) => e.field).join(', ')}`, list));
    },
  });
}
