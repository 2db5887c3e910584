// A handler is a plain function of the service context and the already-validated request.
import type { ApiMethod, ApiParsedRequest, ApiResponse } from '../../../src-shared/api';
import { LifeboatError } from '../../../src-shared/errors';
import type { ServiceContext } from '../context';

export type Handler<M extends ApiMethod> = (ctx: ServiceContext, request: ApiParsedRequest<M>) => ApiResponse<M> | Promise<ApiResponse<M>>;

export type HandlerTable<K extends ApiMethod> = { [M in K]: Handler<M> };

/** A BAD_INPUT error about one request field, which the UI shows beside that field. */
export function badField(field: string, message: string, fix: string): LifeboatError {
  return new LifeboatError('BAD_INPUT', message, { fix, details: { field } });
}

/** Runs fn; a BAD_INPUT it throws without naming a field is said to be about `field`. */
export async function aboutField<T>(field: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof LifeboatError && error.code === 'BAD_INPUT' && !error.details?.field) {
      throw new LifeboatError('BAD_INPUT', error.message, { fix: error.fix, cause: error, details: { ...error.details, field } });
    }
    throw error;
  }
}
