/**
 * Small Go text behaviours the compatibility renderers reproduce:
 * unicode.IsSpace, strings.TrimSpace, and what fmt.Printf prints when a
 * string is used as the format with no arguments (ignition-validate does
 * that with its whole report, so "%" in a message comes out mangled).
 */

/** Go's unicode.IsSpace. */
export const GO_SPACE = /[\t\n\v\f\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/;
const GO_SPACE_START = new RegExp(`^${GO_SPACE.source}+`);
const GO_SPACE_END = new RegExp(`${GO_SPACE.source}+$`);

/** Go's strings.TrimSpace. */
export function goTrimSpace(s: string): string {
  return s.replace(GO_SPACE_START, '').replace(GO_SPACE_END, '');
}

/**
 * fmt.Sprintf(format) with no arguments: "%%" gives "%", any other verb
 * gives "%!v(MISSING)" (flags, width and precision are consumed), a bad
 * argument index gives "%!v(BADINDEX)", "*" widths and precisions add
 * "%!(BADWIDTH)" / "%!(BADPREC)", and a trailing "%" gives "%!(NOVERB)".
 */
export function goSprintfNoArgs(format: string): string {
  let out = '';
  let i = 0;
  const end = format.length;
  while (i < end) {
    const pct = format.indexOf('%', i);
    if (pct === -1) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    while (i < end && '#0+- '.includes(format[i] as string)) i++;
    let goodArgNum = true;
    let afterIndex = false;
    const argIndex = (): void => {
      if (format[i] !== '[') return;
      goodArgNum = false;
      const close = format.indexOf(']', i + 1);
      if (close === -1) {
        i += 1;
        return;
      }
      afterIndex = /^[0-9]+$/.test(format.slice(i + 1, close));
      i = close + 1;
    };
    argIndex();
    if (format[i] === '*') {
      out += '%!(BADWIDTH)';
      i++;
      afterIndex = false;
    } else {
      while (i < end && /[0-9]/.test(format[i] as string)) i++;
    }
    if (i + 1 < end && format[i] === '.') {
      i++;
      argIndex();
      if (format[i] === '*') {
        out += '%!(BADPREC)';
        i++;
        afterIndex = false;
      } else {
        while (i < end && /[0-9]/.test(format[i] as string)) i++;
      }
    }
    if (!afterIndex) argIndex();
    if (i >= end) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i) as number);
    i += verb.length;
    if (verb === '%') out += '%';
    else out += `%!${verb}(${goodArgNum ? 'MISSING' : 'BADINDEX'})`;
  }
  return out;
}
