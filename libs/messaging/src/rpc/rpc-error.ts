import { FieldError, isOfficer, Problem, problem, RequestContext } from '@cadre/contracts';

/**
 * An answer a handler gives on purpose (404, 409, 422 …); it reaches the client as problem+json.
 * Anything else a handler throws is a bug and answers 500 without details.
 */
export class RpcError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors?: FieldError[],
    /** Extension members of the problem (RFC 9457), e.g. the counts of a refused import. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
  }

  toProblem(): Problem {
    return problem(this.status, this.detail, this.errors, this.extensions);
  }

  static notFound(what: string): RpcError {
    return new RpcError(404, `${what}不存在`);
  }

  static conflict(detail: string, errors?: FieldError[]): RpcError {
    return new RpcError(409, detail, errors);
  }

  static rule(detail: string, errors?: FieldError[]): RpcError {
    return new RpcError(422, detail, errors);
  }
}

/** 403 unless the caller is the organization department (or the administrator): "只有组织部可以<what>". */
export function requireOfficer(ctx: RequestContext, what: string): void {
  if (!isOfficer(ctx)) throw new RpcError(403, `只有组织部可以${what}`);
}
