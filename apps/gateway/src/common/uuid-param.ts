import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { problem } from '@cadre/contracts';
import { ProblemException } from '../problems/problem.filter';

/** A path id that is not a UUID cannot name anything: 400 naming the parameter (`id`, `cadreId` …). */
@Injectable()
class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && isUUID(value)) return value;
    const field = metadata.data ?? 'id';
    throw new ProblemException(problem(400, `路径中的 ${field} 必须是 UUID`, [{ field, message: '必须是 UUID' }]));
  }
}

export const uuidParam = new UuidParamPipe();
