import { issue, type Issue, type IssueDetails, type Range, type Severity } from './issue.js';
import type { JsonPath } from './json-path.js';

/** A message text: fixed, or made from the issue's details. */
export type MessageText = string | ((details: IssueDetails) => string);

/** One code's texts: a single one, or several picked by the issue's `details.reason`. */
export type MessageEntry = MessageText | { readonly [reason: string]: MessageText };

/** An area's message table: every issue code of the area has its texts here, and nowhere else. */
export type MessageTable<C extends string> = { readonly [K in C]: MessageEntry };

/** The text `entry` gives for `details` (a code with several texts needs `details.reason`). */
export function messageText(entry: MessageEntry, details: IssueDetails = {}): string {
  let text: MessageText | undefined;
  if (typeof entry === 'object') {
    const reason = details['reason'];
    text = typeof reason === 'string' ? entry[reason] : undefined;
    if (text === undefined) throw new Error(`no message for reason ${String(reason)}`);
  } else text = entry;
  return typeof text === 'string' ? text : text(details);
}

export interface IssueMaker<C extends string> {
  error(code: C, path: JsonPath, details?: IssueDetails, range?: Range): Issue;
  warning(code: C, path: JsonPath, details?: IssueDetails, range?: Range): Issue;
  info(code: C, path: JsonPath, details?: IssueDetails, range?: Range): Issue;
}

/**
 * Issues whose message comes from `table` by code: the particulars go on the
 * issue as `details` (for code that needs them), the text is made from them
 * (for people), so nothing has to read a message back.
 */
export function issueMaker<C extends string>(table: MessageTable<C>): IssueMaker<C> {
  const make =
    (severity: Severity) =>
    (code: C, path: JsonPath, details?: IssueDetails, range?: Range): Issue => {
      const made = issue(severity, code, path, messageText(table[code], details), range);
      return details === undefined ? made : { ...made, details };
    };
  return { error: make('error'), warning: make('warning'), info: make('info') };
}
