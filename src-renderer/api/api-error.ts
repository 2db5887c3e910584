// The error every API call rejects with: the core's ErrorData (code, title, message = the cause,
// fix = what to do), never a stack trace. Anything else thrown in the window is wrapped so the
// screens only ever deal with one shape.
import { ERROR_TITLES, type ErrorCode, type ErrorData } from '../../src-shared/errors';

export class ApiError extends Error implements ErrorData {
  readonly code: ErrorCode;
  readonly title: string;
  readonly fix: string | undefined;
  readonly details: Record<string, string | number | boolean> | undefined;

  constructor(data: ErrorData) {
    super(data.message);
    this.name = 'ApiError';
    this.code = data.code;
    this.title = data.title || ERROR_TITLES[data.code];
    this.fix = data.fix;
    this.details = data.details;
  }

  /** The form field a BAD_INPUT error is about ("source.host"), when the core named one. */
  get field(): string | undefined {
    const field = this.details?.['field'];
    return this.code === 'BAD_INPUT' && typeof field === 'string' && field !== '' ? field : undefined;
  }

  toData(): ErrorData {
    const data: ErrorData = { code: this.code, title: this.title, message: this.message };
    if (this.fix) data.fix = this.fix;
    if (this.details) data.details = this.details;
    return data;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_TITLES, value);
}

/** Reads ErrorData from the wire defensively: an unknown code still shows its message. */
export function errorFromWire(value: unknown): ApiError {
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const code = isErrorCode(raw['code']) ? raw['code'] : 'INTERNAL';
  const message = typeof raw['message'] === 'string' && raw['message'] ? raw['message'] : 'Lifeboat reported an error without a description.';
  const data: ErrorData = { code, title: typeof raw['title'] === 'string' && raw['title'] ? raw['title'] : ERROR_TITLES[code], message };
  if (typeof raw['fix'] === 'string' && raw['fix']) data.fix = raw['fix'];
  if (typeof raw['details'] === 'object' && raw['details'] !== null) data.details = raw['details'] as Record<string, string | number | boolean>;
  return new ApiError(data);
}

/** Wraps anything thrown into an ApiError; the original message is kept, its stack is not shown. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const cause = error instanceof Error ? error.message : String(error);
  return new ApiError({
    code: 'INTERNAL',
    title: ERROR_TITLES.INTERNAL,
    message: `Something went wrong in this window: ${cause}`,
    fix: 'Try again. If it keeps happening, restart Lifeboat.',
  });
}
