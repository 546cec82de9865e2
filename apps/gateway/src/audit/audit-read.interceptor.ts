import { CallHandler, ExecutionContext, Injectable, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { from, Observable } from 'rxjs';
import { mergeMap } from 'rxjs/operators';
import { DataSource } from 'typeorm';
import type { AuthedRequest } from '../auth/auth-user';
import { AuditEntry } from './audit-entry.entity';

/** Status recorded for a sensitive read that has been let in but not yet answered. */
export const READ_ATTEMPTED = 0;

/**
 * For the most sensitive reads (political files, dossiers): the read is recorded — who, which
 * record — and committed before the service is even asked, so no data leaves without its audit
 * row, even if the process dies right after answering. The audit middleware fills in the outcome.
 */
@Injectable()
export class AuditReadInterceptor implements NestInterceptor {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const path = (req.originalUrl ?? req.url).split('?')[0];
    const entry: Partial<AuditEntry> = {
      tenantId: req.user?.tenantId ?? null,
      userId: req.user?.id ?? null,
      username: req.user?.username ?? null,
      action: `GET ${req.route?.path ?? path}`,
      method: 'GET',
      path: path.slice(0, 512),
      status: READ_ATTEMPTED,
      requestId: req.id ? String(req.id) : null,
      ip: req.ip ?? null,
      durationMs: 0,
    };
    return from(this.dataSource.getRepository(AuditEntry).insert(entry)).pipe(
      mergeMap((result) => {
        res.locals.auditSeq = String(result.identifiers[0].seq);
        return next.handle();
      }),
    );
  }
}

/** Marks a route whose every read is audited before it is served. */
export const AuditedRead = () => UseInterceptors(AuditReadInterceptor);
