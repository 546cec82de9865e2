import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NextFunction, Response } from 'express';
import { DataSource } from 'typeorm';
import { isBallotPath } from '@cadre/platform';
import type { AuthedRequest } from '../auth/auth-user';
import { AuditEntry } from './audit-entry.entity';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Reads of the most sensitive data (political files, dossiers) are audited too, refused ones included. */
const SENSITIVE_READS = [/\/cadres\/[^/]+\/political-file$/, /\/dossier$/];

/**
 * Records every mutating request, and every read of a political file or dossier, once it has been
 * answered, whatever the outcome — refused ones included (401, 403, 400): they are what an auditor
 * looks for. Bodies are not stored. Sensitive reads that pass the guards are recorded before they are
 * served (AuditReadInterceptor); this fills in their outcome.
 */
@Injectable()
export class AuditMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Audit');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  use(req: AuthedRequest, res: Response, next: NextFunction): void {
    const path = (req.originalUrl ?? req.url).split('?')[0];
    if (!MUTATING.has(req.method) && !(req.method === 'GET' && SENSITIVE_READS.some((p) => p.test(path))))
      return next();
    // A cast ballot is anonymous: a row with its time and the voter's address would undo that.
    if (isBallotPath(path)) return next();
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const attempted =
        path.endsWith('/auth/login') && typeof req.body?.username === 'string'
          ? String(req.body.username).slice(0, 64)
          : null;
      const entry: Partial<AuditEntry> = {
        tenantId: req.user?.tenantId ?? null,
        userId: req.user?.id ?? null,
        username: req.user?.username ?? attempted,
        action: `${req.method} ${req.route?.path ?? path}`,
        method: req.method,
        path: path.slice(0, 512),
        status: res.statusCode,
        requestId: req.id ? String(req.id) : null,
        ip: req.ip ?? null,
        durationMs: Number((process.hrtime.bigint() - started) / 1_000_000n),
      };
      // A sensitive read already has its row (AuditReadInterceptor): record how it ended.
      const seq: string | undefined = res.locals.auditSeq;
      const write = seq
        ? this.dataSource
            .getRepository(AuditEntry)
            .update({ seq }, { status: entry.status, durationMs: entry.durationMs })
        : this.dataSource.getRepository(AuditEntry).insert(entry);
      write.catch((err: Error) =>
        this.logger.error(`audit entry lost for ${entry.action} (${entry.requestId}): ${err.message}`),
      );
    });
    next();
  }
}
