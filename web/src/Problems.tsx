import type { PlaygroundIssue } from './types.js';

interface Props {
  readonly issues: readonly PlaygroundIssue[];
  readonly onJump: (line: number, column: number) => void;
}

/** Every issue, errors first as reported; a click puts the cursor on its line. */
export function Problems({ issues, onJump }: Props) {
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.filter((i) => i.severity === 'warning').length;
  return (
    <div className="problems">
      <h2>
        Problems{' '}
        <span className="count">
          {issues.length === 0
            ? 'none'
            : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`}
        </span>
      </h2>
      <ul aria-label="Problems">
        {issues.map((i, n) => {
          const where = i.line === null ? 'no position' : `line ${i.line}, column ${i.column}`;
          const text = (
            <>
              <span className={`sev ${i.severity}`}>{i.severity}</span> <span className="where">{where}</span>{' '}
              <span className="msg">{i.message}</span> <code className="code">{i.code}</code>{' '}
              <code className="path">{i.path}</code>
            </>
          );
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: the list is made anew on every run; an issue has no identity beyond its place
            <li key={n}>
              {i.line === null ? (
                <div className="problem">{text}</div>
              ) : (
                <button type="button" className="problem" onClick={() => onJump(i.line!, i.column ?? 1)}>
                  {text}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
