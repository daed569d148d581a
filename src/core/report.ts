import type { Issue, Severity } from './issue.js';
import { joinPath, type JsonPath } from './json-path.js';

/**
 * An ordered, immutable list of issues. Every operation returns a new Report,
 * so a report handed to a caller never changes under it.
 */
export class Report {
  static readonly empty = new Report([]);

  readonly issues: readonly Issue[];

  constructor(issues: readonly Issue[] = []) {
    this.issues = Object.freeze([...issues]);
  }

  static of(...issues: Issue[]): Report {
    return new Report(issues);
  }

  static merge(...reports: readonly Report[]): Report {
    return new Report(reports.flatMap((r) => r.issues));
  }

  with(...issues: Issue[]): Report {
    return new Report([...this.issues, ...issues]);
  }

  merge(...others: readonly Report[]): Report {
    return Report.merge(this, ...others);
  }

  /** Puts every issue under `parent`, e.g. a sub-validator's report under `$.storage`. */
  prefixed(parent: JsonPath): Report {
    if (parent.length === 0) return this;
    return new Report(this.issues.map((i) => ({ ...i, path: joinPath(parent, i.path) })));
  }

  map(fn: (issue: Issue) => Issue): Report {
    return new Report(this.issues.map(fn));
  }

  count(severity: Severity): number {
    return this.issues.filter((i) => i.severity === severity).length;
  }

  get isEmpty(): boolean {
    return this.issues.length === 0;
  }

  /** Errors are fatal; with `strict`, warnings are too (as ct -strict and butane --strict do). */
  isFatal(strict = false): boolean {
    return this.issues.some((i) => i.severity === 'error' || (strict && i.severity === 'warning'));
  }
}
