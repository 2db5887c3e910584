// Field messages keyed by the config path they belong to ("source.host", "retention.nas.daily"),
// the same key the core puts in a BAD_INPUT error's details.field, so server-side messages land
// under the same field as our own checks.
import type { ApiError } from '../api/api-error';

export type FieldErrors = Record<string, string>;

export function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}

/** Adds the server's field message (if the error names a field) to the local ones. */
export function withServerFieldError(errors: FieldErrors, error: ApiError | null | undefined, mapField: (field: string) => string = (f) => f): FieldErrors {
  const field = error?.field;
  if (!error || !field) return errors;
  return { ...errors, [mapField(field)]: error.fix ? `${error.message} ${error.fix}` : error.message };
}

/** Errors for one sub-form: keys under `prefix.` with the prefix removed. */
export function errorsUnder(errors: FieldErrors, prefix: string): FieldErrors {
  const out: FieldErrors = {};
  const head = `${prefix}.`;
  for (const [key, message] of Object.entries(errors)) if (key.startsWith(head)) out[key.slice(head.length)] = message;
  return out;
}
