/**
 * Appends every item to `target`, in order, and returns `target`.
 *
 * `target.push(...items)` passes each item as a call argument, on the stack:
 * past about 120 000 items (a config with 130 000 unknown keys, a GPT with
 * 125 000 bad entries) it throws "Maximum call stack size exceeded". This
 * loop has no such limit; use it wherever the count depends on the input.
 */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
