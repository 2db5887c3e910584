// Requests are checked against the contract's schema before any handler runs. A failure is a
// BAD_INPUT error whose message names the field first ("config.schedule.spec.time: a time
// like 02:30"), so the UI can point at it and a script author can read it.
import type { z } from 'zod';
import { API_METHODS, apiRequestSchemas, type ApiMethod, type ApiParsedRequest } from '../../src-shared/api';
import { ERROR_TITLES, type ErrorData } from '../../src-shared/errors';

export function isApiMethod(method: unknown): method is ApiMethod {
  return typeof method === 'string' && (API_METHODS as readonly string[]).includes(method);
}

export type Checked<M extends ApiMethod> = { ok: true; request: ApiParsedRequest<M> } | { ok: false; error: ErrorData };

/** Parses a request for `method`; unknown methods and schema failures come back as BAD_INPUT data. */
export function checkRequest<M extends ApiMethod>(method: M | string, request: unknown): Checked<M> {
  if (!isApiMethod(method)) {
    return {
      ok: false,
      error: {
        code: 'BAD_INPUT',
        title: ERROR_TITLES.BAD_INPUT,
        message: `method: "${String(method).slice(0, 80)}" is not a Lifeboat API method.`,
        fix: 'This app and its core may be different versions; restart Lifeboat.',
        details: { field: 'method' },
      },
    };
  }
  const schema = apiRequestSchemas[method] as z.ZodType;
  const parsed = schema.safeParse(request ?? {});
  if (parsed.success) return { ok: true, request: parsed.data as ApiParsedRequest<M> };
  const issues = parsed.error.issues;
  const first = describeIssue(issues[0]!);
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return {
    ok: false,
    error: {
      code: 'BAD_INPUT',
      title: ERROR_TITLES.BAD_INPUT,
      message: `${first.field}: ${first.problem}${more}`,
      fix: first.field === 'request' ? `Send the fields ${method} expects.` : `Correct ${first.field} and try again.`,
      details: { field: first.field, problems: issues.length },
    },
  };
}

function describeIssue(issue: z.core.$ZodIssue): { field: string; problem: string } {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys;
    return { field: path ? `${path}.${keys[0]}` : (keys[0] ?? 'request'), problem: `not a known field${keys.length > 1 ? ` (nor ${keys.slice(1).join(', ')})` : ''}` };
  }
  const field = path || 'request';
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) return { field, problem: 'required' };
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1) return { field, problem: 'must not be empty' };
  return { field, problem: issue.message };
}
