import { issue, type Issue, type JsonPath, type PathSegment, type Severity } from '../../../core/index.js';
import type { IgnitionIssueCode } from '../../codes.js';
import { MESSAGES } from './messages.js';

/** Collects issues in the order Ignition's validator would report them. */
export class Sink {
  readonly issues: Issue[] = [];

  error(code: IgnitionIssueCode, path: JsonPath, message?: string): void {
    this.add('error', code, path, message);
  }

  warn(code: IgnitionIssueCode, path: JsonPath, message?: string): void {
    this.add('warning', code, path, message);
  }

  /** Adds the issue a rule returned, if any (Ignition's r.AddOnError(path, err)). */
  on(path: JsonPath, found: IgnitionIssueCode | Found | undefined, severity: Severity = 'error'): void {
    if (found === undefined) return;
    if (typeof found === 'string') this.add(severity, found, path, undefined);
    else this.add(severity, found.code, path, found.message);
  }

  /** on() at `[...at, key]`; the path is made only when there is an issue to add. */
  onAt(at: JsonPath, key: PathSegment, found: IgnitionIssueCode | Found | undefined): void {
    if (found !== undefined) this.on([...at, key], found);
  }

  private add(severity: Severity, code: IgnitionIssueCode, path: JsonPath, message: string | undefined): void {
    this.issues.push(issue(severity, code, path, message ?? MESSAGES[code] ?? code));
  }
}

/** A rule's finding with a message of its own (when Ignition's error text is dynamic). */
export interface Found {
  readonly code: IgnitionIssueCode;
  readonly message: string;
}
