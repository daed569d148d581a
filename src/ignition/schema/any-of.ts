/** A struct of `New` read as well from `Old` (never: the struct is new in `New`). */
type StructOf<New, Old> = [Old] extends [never]
  ? { [K in keyof New]: AnyOf<New[K], never> }
  : { [K in keyof Old as K extends keyof New ? K : never]: K extends keyof New ? AnyOf<New[K], Old[K]> : never } & {
      [K in Exclude<keyof New, keyof Old>]?: AnyOf<New[K], never>;
    };

/**
 * A decoded value of a newer spec version (`New`) or of the older ones
 * (`Old`, themselves folded): what code reading any of them may rely on.
 * A field is as the versions that have it type it (any of their types); a
 * field only the newer has is optional, unless its whole struct is new.
 */
export type AnyOf<New, Old> =
  | (undefined extends Old ? ([Old] extends [never] ? never : undefined) : never)
  | (New extends undefined
      ? undefined
      : New extends readonly (infer N)[]
        ? AnyOf<N, Old extends readonly (infer O)[] ? O : never>[]
        : New extends object
          ? StructOf<New, Exclude<Extract<Old, object>, readonly unknown[]>>
          : New | Exclude<Old, undefined>);
