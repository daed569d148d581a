import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifyTypeProvider } from 'fastify';

/**
 * TypeBox as fastify's type provider: a route declared through `api(app)`
 * gets `request.body`, `request.params`, `request.query` typed from its
 * schemas. (The same few lines as @fastify/type-provider-typebox, which is
 * not a dependency.)
 */
export interface TypeBoxProvider extends FastifyTypeProvider {
  validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
  // Answers may be the engines' readonly entities: a readonly view of the schema's type accepts both.
  serializer: this['schema'] extends TSchema ? DeepReadonly<Static<this['schema']>> : unknown;
}

type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/** The app with TypeBox types for route declarations. */
export const api = (app: FastifyInstance) => app.withTypeProvider<TypeBoxProvider>();

/**
 * A string that is one of `values`, as `{type: 'string', enum}`: ajv then says
 * which values are allowed, and OpenAPI shows an enum (a union of literals
 * would be an `anyOf` of consts, with a vaguer error).
 */
export const StringEnum = <T extends string>(values: readonly T[], options: { description?: string } = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });

/** `T` or null (OpenAPI 3.1: `anyOf [T, {type: null}]`). */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** One problem of a request that does not match its schema. */
export const ErrorDetail = Type.Object({
  path: Type.String({ description: 'where, as `$.a.b.0` from the root of the part (`$` is the whole part)' }),
  message: Type.String(),
  in: StringEnum(['body', 'querystring', 'params', 'headers']),
});

/** Every failure of the API: `{error: {code, message, details?}}`, codes in docs/errors.md. */
export const ErrorBodySchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Array(ErrorDetail)),
    }),
  },
  { description: 'A failure; `code` is one of docs/errors.md' },
);

/** A path parameter that names a row by its id. */
export const IdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
