/** A path into a JSON/YAML document: object keys and array indices, outermost first. */
export type PathSegment = string | number;
export type JsonPath = readonly PathSegment[];

const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Formats a path the way Ignition and Butane print report contexts:
 * `$.storage.files.0.path`. Keys that are not plain identifiers are quoted
 * (`$.a["b.c"]`) so the text still names one place unambiguously.
 */
export function formatPath(path: JsonPath): string {
  let out = '$';
  for (const seg of path) {
    if (typeof seg === 'number') out += `.${seg}`;
    else if (SIMPLE_KEY.test(seg)) out += `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

export function joinPath(parent: JsonPath, child: JsonPath): JsonPath {
  return parent.length === 0 ? child : child.length === 0 ? parent : [...parent, ...child];
}

export function samePath(a: JsonPath, b: JsonPath): boolean {
  return a.length === b.length && a.every((seg, i) => seg === b[i]);
}

/** True when `prefix` is `path` or one of its ancestors. */
export function isPrefixOf(prefix: JsonPath, path: JsonPath): boolean {
  return prefix.length <= path.length && prefix.every((seg, i) => seg === path[i]);
}
