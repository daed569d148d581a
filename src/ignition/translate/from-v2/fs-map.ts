import { issue, Report } from '../../../core/index.js';

/**
 * ign-converter's `-fsmap FILE`: one `name path` per line, separated by one
 * space. ign-converter also rejects the empty line a final newline leaves;
 * Hull accepts that one, and a CR before a newline. An empty file is an empty
 * map; a name given twice: the last wins. Issues are at `$`, their message
 * starting `line N: `; `problems` carries each one's line and reason apart,
 * for callers that name the place otherwise (the CLI writes FILE:N).
 */
const FSMAP_MAX_REPORTED = 10;
const FSMAP_MAX_QUOTED = 80;
const shortened = (line: string): string =>
  line.length > FSMAP_MAX_QUOTED ? `${line.slice(0, FSMAP_MAX_QUOTED)}…` : line;

/** One malformed fsmap line (`line` absent for the count of those not listed). */
export interface FsMapProblem {
  readonly line?: number;
  readonly reason: string;
}

export function parseFsMap(text: string): {
  readonly map?: Record<string, string>;
  readonly report: Report;
  readonly problems?: readonly FsMapProblem[];
} {
  // No prototype: a filesystem named __proto__ is just a name.
  const map = Object.create(null) as Record<string, string>;
  if (text === '') return { map, report: Report.empty };
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const bad: FsMapProblem[] = [];
  let more = 0;
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const parts = line.split(' ');
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
      // A few lines, each quoted short: a binary file must not make a message of megabytes.
      if (bad.length === FSMAP_MAX_REPORTED) more++;
      else
        bad.push({
          line: i + 1,
          reason: `malformed fsmap line ${JSON.stringify(shortened(line))}: needs 'name path' separated by one space`,
        });
    } else map[parts[0]!] = parts[1]!;
  });
  if (more > 0) bad.push({ reason: `${more} more malformed fsmap lines` });
  if (bad.length === 0) return { map, report: Report.empty };
  const issues = bad.map((b) =>
    issue('error', 'IGN_TRANSLATE_FSMAP_INVALID', [], b.line === undefined ? b.reason : `line ${b.line}: ${b.reason}`),
  );
  return { report: new Report(issues), problems: bad };
}
