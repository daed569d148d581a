import type { Kysely } from 'kysely';

/**
 * The tables of a database whose schema the migrations make at run time: each repository
 * names its own rows, so the handle itself carries no table types (Kysely's idiom for it).
 */
// biome-ignore lint/suspicious/noExplicitAny: Kysely's type parameter for a schema not known to the compiler
export type AnyTables = any;

/** A Kysely handle over `AnyTables`. */
export type UntypedDb = Kysely<AnyTables>;
