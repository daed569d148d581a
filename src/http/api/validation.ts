import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import { AppError, formatPath, type PathSegment } from '../../core/index.js';

/**
 * Fastify's ajv, strict: no type coercion (a body's `"name": 5` is an error,
 * not "5"), extra properties are refused where a schema says
 * `additionalProperties: false` (not silently removed), defaults are filled
 * in. ajv stops at the first problem (fastify's default: collecting all of
 * them lets one request make ajv build an error per element of a big body).
 * Query strings and path parameters are text by nature: `coerceQuery` turns
 * their numbers and booleans into values before validation.
 */
export const AJV_OPTIONS = {
  customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: true, allErrors: false },
} as const;

/** What ajv reports (the fields used here). */
export interface SchemaProblem {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export type RequestPart = 'body' | 'querystring' | 'params' | 'headers';

export interface ProblemDetail {
  readonly path: string;
  readonly message: string;
  readonly in: RequestPart;
}

const PART_NAMES: Record<RequestPart, string> = {
  body: 'the request body',
  querystring: 'the query string',
  params: 'the URL path',
  headers: 'the headers',
};

/** A JSON pointer (`/a/0/b~1c`) as path segments; all-digit segments as indices. */
function pointerSegments(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/** One ajv problem as `{path: '$.a.b', message, in}`; the path names the property a required/extra-property problem is about. */
export function problemDetail(problem: SchemaProblem, part: RequestPart): ProblemDetail {
  const segments = pointerSegments(problem.instancePath);
  const p = problem.params;
  let message = problem.message ?? `does not satisfy "${problem.keyword}"`;
  if (problem.keyword === 'required' && typeof p['missingProperty'] === 'string') {
    segments.push(p['missingProperty']);
    message = 'is required';
  } else if (problem.keyword === 'additionalProperties' && typeof p['additionalProperty'] === 'string') {
    segments.push(p['additionalProperty']);
    message = 'is not allowed here (no such property)';
  } else if (problem.keyword === 'enum' && Array.isArray(p['allowedValues'])) {
    message = `must be one of: ${p['allowedValues'].map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return { path: formatPath(segments), message, in: part };
}

/** A fastify validation failure as REQUEST_INVALID with `details`. */
export function requestInvalid(problems: readonly SchemaProblem[], part: RequestPart): AppError {
  const details = problems.map((problem) => problemDetail(problem, part));
  const first = details[0];
  const what = first === undefined ? 'does not match its schema' : `${first.path} ${first.message}`;
  return new AppError('REQUEST_INVALID', `${PART_NAMES[part]} is invalid: ${what}`, { details });
}

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; items?: JsonSchema };

function coerceText(value: unknown, schema: JsonSchema | undefined): unknown {
  if (schema === undefined || typeof value !== 'string') return value;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if ((types.includes('integer') || types.includes('number')) && /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(value))
    return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** Numbers and booleans of a query string or path parameters as values (`?limit=10` → 10), per the schema's properties. */
function coerceObject(value: unknown, schema: JsonSchema | undefined): unknown {
  if (schema?.properties === undefined || typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [key, sub] of Object.entries(schema.properties)) {
    if (!(key in out)) continue;
    const v = out[key];
    if (sub.type === 'array') out[key] = (Array.isArray(v) ? v : [v]).map((x) => coerceText(x, sub.items));
    else out[key] = coerceText(v, sub);
  }
  return out;
}

/**
 * Installs the API's validation on `app` (before any route): every route
 * whose schema declares `querystring` or `params` gets its values coerced
 * from text before validation.
 */
export function installValidation(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as (FastifySchema & { querystring?: JsonSchema; params?: JsonSchema }) | undefined;
    if (schema?.querystring === undefined && schema?.params === undefined) return;
    const coerce = async (request: FastifyRequest) => {
      if (schema.querystring !== undefined) request.query = coerceObject(request.query, schema.querystring);
      if (schema.params !== undefined) request.params = coerceObject(request.params, schema.params);
    };
    const existing = route.preValidation;
    route.preValidation =
      existing === undefined ? [coerce] : [coerce, ...(Array.isArray(existing) ? existing : [existing])];
  });
}
