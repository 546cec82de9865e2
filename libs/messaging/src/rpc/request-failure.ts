import { Problem, problem } from '@cadre/contracts';
import { isInfrastructureError } from '@cadre/platform';
import { RpcError } from './rpc-error';

/**
 * The answer to a handler's failure: an RpcError as its problem, a dependency down as 503, anything
 * else as 500 without details (`log` says what to log). Used by the request filter for every request,
 * and for each item of a request that carries many (review's batched ballot casts), so every item is
 * answered as if it had come alone.
 */
export function problemOfFailure(
  err: unknown,
  service: string,
  pattern: string,
): { problem: Problem; outcome: string; log?: { message: string; stack?: string } } {
  if (err instanceof RpcError) return { problem: err.toProblem(), outcome: String(err.status) };
  if (isInfrastructureError(err)) {
    return {
      problem: problem(503, `服务 ${service} 依赖的数据库或缓存暂不可用，请稍后重试`),
      outcome: '503',
      log: { message: `${pattern}: a dependency is unavailable: ${(err as Error).message}` },
    };
  }
  return {
    problem: problem(500, '服务内部错误，请稍后重试或联系管理员'),
    outcome: '500',
    log: { message: `${pattern} failed: ${(err as Error).message}`, stack: (err as Error).stack },
  };
}

/** The same as the reply of one item of a batch: `{ ok: false, error }`, logged as the filter logs. */
export function failureReply(
  err: unknown,
  service: string,
  pattern: string,
  logger: { error(m: string, trace?: string): void },
): { reply: { ok: false; error: Problem }; outcome: string } {
  const failed = problemOfFailure(err, service, pattern);
  if (failed.log) logger.error(failed.log.message, failed.log.stack);
  return { reply: { ok: false, error: failed.problem }, outcome: failed.outcome };
}
