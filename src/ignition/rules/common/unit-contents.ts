/**
 * Reads systemd unit contents the way Ignition does (go-systemd's
 * unit.DeserializeOptions): the same lexer states, the same failures, so
 * `invalid unit content: ...` messages match. Only what validation needs is
 * kept: each option's section and name.
 */

export interface UnitOption {
  readonly section: string;
  readonly name: string;
}

export type UnitParse =
  | { readonly ok: true; readonly options: readonly UnitOption[] }
  | { readonly ok: false; readonly error: string };

const LINE_MAX = 2048;
const isComment = (c: string) => c === '#' || c === ';';
const isSpace = (c: string) => /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(c);

export function parseUnitContents(text: string | undefined, opts: { readonly goByteList?: boolean } = {}): UnitParse {
  if (text === undefined) return { ok: true, options: [] };
  const fail = (error: string): UnitParse => ({ ok: false, error: `invalid unit content: ${error}` });
  const options: UnitOption[] = [];
  let pos = 0;

  /** Reads to the end of the line (consuming the newline); the line without \r\n, and whether the input ended. */
  const toEol = (): { line: string; eof: boolean } => {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    let line = text.slice(pos, end);
    pos = nl < 0 ? text.length : nl + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    return { line, eof: nl < 0 };
  };
  const ignoreLine = () => {
    for (;;) {
      const { line } = toEol();
      const trimmed = line.endsWith(' ') ? line.slice(0, -1) : line;
      if (!trimmed.endsWith('\\') || pos >= text.length) break;
    }
  };
  /** go-systemd refuses a stretch of 2048 bytes without a line break (approximated from the current position). */
  const tooLong = () => {
    if (utf8Bytes(text.slice(pos)) < LINE_MAX) return false;
    const window = text.slice(pos, pos + LINE_MAX);
    return !/[\r\n]/.test(window);
  };

  let section: string | undefined;
  for (;;) {
    if (tooLong()) return fail(`line too long (max ${LINE_MAX} bytes)`);
    if (pos >= text.length) break;
    const c = text[pos]!;
    if (section === undefined) {
      // Before the first section, characters are skipped one by one.
      pos++;
      if (c === '[') {
        const r = sectionName();
        if (typeof r !== 'string') return r;
        section = r;
      } else if (isComment(c)) ignoreLine();
      continue;
    }
    if (isSpace(c)) {
      pos++;
      continue;
    }
    if (c === '[') {
      pos++;
      const r = sectionName();
      if (typeof r !== 'string') return r;
      section = r;
      continue;
    }
    if (isComment(c)) {
      pos++;
      ignoreLine();
      continue;
    }
    // An option: a name up to '=', then a value, possibly continued with a trailing backslash.
    let name = '';
    for (;;) {
      if (pos >= text.length) return fail('EOF');
      const r = text[pos++]!;
      if (r === '\n' || r === '\r') return fail('unexpected newline encountered while parsing option name');
      if (r === '=') break;
      name += r;
    }
    for (;;) {
      if (tooLong()) return fail(`line too long (max ${LINE_MAX} bytes)`);
      const { line } = toEol();
      // A trailing backslash continues the value on the next line (at the end of input, the next read is empty).
      if (goTrimSpace(line) !== '' && line.endsWith('\\')) continue;
      break;
    }
    options.push({ section, name: goTrimSpace(name) });
  }
  return { ok: true, options };

  function sectionName(): string | UnitParse {
    const close = text!.indexOf(']', pos);
    if (close < 0) return fail('unable to find end of section');
    const name = text!.slice(pos, close);
    pos = close + 1;
    const { line } = toEol();
    const garbage = goTrimSpace(line);
    // The go-systemd of Ignition v0.35 (2.x specs) prints the bytes with %v: [95 83 84].
    const shown = opts.goByteList ? `[${[...new TextEncoder().encode(garbage)].join(' ')}]` : JSON.stringify(garbage);
    if (garbage !== '') return fail(`found garbage after section name : ${shown}`);
    return name;
  }
}

function goTrimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s[a]!)) a++;
  while (b > a && isSpace(s[b - 1]!)) b--;
  return s.slice(a, b);
}

function utf8Bytes(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (n >= LINE_MAX) return n;
  }
  return n;
}

/** True when an option of the [Install] section is set. */
export function hasInstallSection(options: readonly UnitOption[]): boolean {
  return options.some((o) => o.section === 'Install');
}
