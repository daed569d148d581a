import type { YAMLError } from 'yaml';
import { errorAt, type Issue } from '../core/index.js';
import type { LineMap } from './line-map.js';
import { lastIndexAtOrBefore, type CstFacts } from './yaml-cst.js';

/** At most this many syntax issues are reported for one document; the rest are usually follow-on noise. */
export const MAX_SYNTAX_ISSUES = 50;

/**
 * Turns the `yaml` package's parse errors into issues with Hull codes and
 * positions that match go-yaml's: a tab in indentation is
 * SRC_YAML_TAB_INDENT at the tab; an unterminated quoted scalar or flow
 * collection is SRC_YAML_UNTERMINATED at its opening quote or bracket (go-yaml
 * reports the line where it opened); everything else is SRC_YAML_SYNTAX.
 * Warnings of the `yaml` package (unresolved tags, flow indentation, unknown
 * directives) are not issues: go-yaml accepts those documents.
 */
export function yamlErrorsToIssues(errors: readonly YAMLError[], text: string, lines: LineMap, cst: CstFacts): Issue[] {
  const out: Issue[] = [];
  const seen = new Set<string>();
  const add = (i: Issue): void => {
    const key = `${i.code}@${i.range?.start.offset}`;
    if (seen.has(key) || out.length >= MAX_SYNTAX_ISSUES) return;
    seen.add(key);
    out.push(i);
  };
  const quotedOffsets = cst.quoted.map((q) => q.offset);
  const flowOffsets = cst.unclosedFlows.map((f) => f.offset);
  for (const err of errors) {
    if (out.length >= MAX_SYNTAX_ISSUES) break;
    if (err.code === 'TAG_RESOLVE_FAILED' || err.code === 'BAD_COLLECTION_TYPE') continue;
    const [start, end] = [err.pos[0] ?? 0, err.pos[1] ?? err.pos[0] ?? 0];
    const tab = err.code === 'TAB_AS_INDENT' ? start : leadingTabOnLine(text, lines, start);
    if (tab >= 0) {
      add(
        errorAt(
          'SRC_YAML_TAB_INDENT',
          [],
          'found a tab character where an indentation space is expected (YAML indentation must use spaces)',
          lines.rangeAt(tab, tab + 1),
        ),
      );
      continue;
    }
    const message = err.message.replace(/\.$/, '');
    if (/call stack/i.test(message)) {
      add(errorAt('SRC_NESTING_TOO_DEEP', [], 'the document is nested too deeply to parse', lines.rangeAt(start, end)));
      continue;
    }
    if (err.code === 'MISSING_CHAR' && /quote/.test(message)) {
      const q = cst.quoted[lastIndexAtOrBefore(quotedOffsets, start)];
      if (q !== undefined) {
        const kind = q.quote === '"' ? 'double-quoted' : 'single-quoted';
        add(
          errorAt(
            'SRC_YAML_UNTERMINATED',
            [],
            `unterminated ${kind} string: missing closing ${q.quote}`,
            lines.rangeAt(q.offset, Math.max(q.offset + 1, end)),
          ),
        );
        continue;
      }
    }
    if (/end with an? [\]}]/.test(message)) {
      const f = cst.unclosedFlows[lastIndexAtOrBefore(flowOffsets, start)];
      if (f !== undefined) {
        const [kind, close] = f.open === '{' ? ['flow mapping', '}'] : ['flow sequence', ']'];
        add(
          errorAt(
            'SRC_YAML_UNTERMINATED',
            [],
            `unterminated ${kind}: missing closing ${close}`,
            lines.rangeAt(f.offset, Math.max(f.offset + 1, end)),
          ),
        );
        continue;
      }
    }
    add(errorAt('SRC_YAML_SYNTAX', [], lowerFirst(message), lines.rangeAt(start, end)));
  }
  return out;
}

/** The offset of a tab in the leading whitespace of the line holding `offset`, or -1. */
function leadingTabOnLine(text: string, lines: LineMap, offset: number): number {
  const pos = lines.positionAt(offset);
  const lineStart = lines.offsetAt(pos.line, 1);
  for (let i = lineStart; i < text.length; i++) {
    const c = text[i];
    if (c === '\t') return i;
    if (c !== ' ') return -1;
  }
  return -1;
}

function lowerFirst(s: string): string {
  return s.length > 0 && /[A-Z][a-z]/.test(s.slice(0, 2)) ? (s[0] as string).toLowerCase() + s.slice(1) : s;
}
