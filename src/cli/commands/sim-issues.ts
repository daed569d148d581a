import { formatPath, type Report } from '../../core/index.js';

/** One line per issue: `FILE:LINE:COL: error: MESSAGE [CODE] (at PATH)`. */
export function issuesText(report: Report, file: string): string {
  return report.issues
    .map((i) => {
      const where = i.range === undefined ? file : `${file}:${i.range.start.line}:${i.range.start.column}`;
      return `${where}: ${i.severity}: ${i.message} [${i.code}]${i.path.length > 0 ? ` (at ${formatPath(i.path)})` : ''}\n`;
    })
    .join('');
}
