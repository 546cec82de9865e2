/** RFC 9457 problem details, as every error of the public API is answered (CONTRACT.md "Errors"). */
export interface FieldError {
  field: string;
  message: string;
  /** For errors in an uploaded file: the row (the header is row 1) and the column as written. */
  row?: number;
  column?: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  instance?: string;
  requestId?: string;
  /** RFC 9457 extension members (e.g. the counts of a refused import). */
  [extension: string]: unknown;
}

/** Problem `type` URIs; relative so they resolve against the gateway that answered. */
export const PROBLEM_TYPES: Record<number, string> = {
  400: '/problems/invalid-input',
  401: '/problems/unauthenticated',
  403: '/problems/forbidden',
  404: '/problems/not-found',
  409: '/problems/conflict',
  413: '/problems/payload-too-large',
  415: '/problems/unsupported-media-type',
  422: '/problems/rule-broken',
  429: '/problems/rate-limited',
  500: '/problems/internal',
  503: '/problems/service-unavailable',
  504: '/problems/service-timeout',
};

export const PROBLEM_TITLES: Record<number, string> = {
  400: '请求参数无效',
  401: '未登录或令牌无效',
  403: '无权执行此操作',
  404: '资源不存在',
  409: '操作冲突',
  413: '请求体过大',
  415: '不支持的内容类型',
  422: '违反业务规则',
  429: '请求过于频繁',
  500: '服务器内部错误',
  503: '服务暂不可用',
  504: '服务响应超时',
};

export function problem(
  status: number,
  detail: string,
  errors?: FieldError[],
  extensions: Record<string, unknown> = {},
): Problem {
  return {
    ...extensions,
    type: PROBLEM_TYPES[status] ?? 'about:blank',
    title: PROBLEM_TITLES[status] ?? 'Error',
    status,
    detail,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}
