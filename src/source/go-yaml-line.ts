import type { Issue } from '../core/index.js';

/**
 * The `line N: ` that go-yaml puts before a syntax error's message ('' for
 * none), from the issue's place. go-yaml prints its marks' lines, which
 * count from 0 for the parser's errors; Hull's other syntax issues are placed
 * where that number reads right as a 1-based line. SRC_YAML_NO_NODE_CONTENT
 * is at the `...` marker itself, so its go-yaml line is one less — none at
 * all on the first line.
 */
export function goYamlLinePrefix(issue: Issue): string {
  const line = issue.range?.start.line;
  if (line === undefined) return '';
  const go = issue.code === 'SRC_YAML_NO_NODE_CONTENT' ? line - 1 : line;
  return go === 0 ? '' : `line ${go}: `;
}
