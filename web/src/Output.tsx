import { useState } from 'react';
import type { DialectId, PlaygroundResult } from '../../src/transpile/index.js';

interface Props {
  readonly result: PlaygroundResult;
  /** The last output of this dialect, shown dimmed while the text has errors. */
  readonly lastGood: string | undefined;
  readonly pending: boolean;
  /** How many times the config was transpiled (tests wait on it). */
  readonly runs: number;
  readonly dialect: DialectId;
  /** Where the transpiler runs: a Web Worker, or the page while the worker loads. */
  readonly engine: 'worker' | 'page';
  readonly onCopy: (text: string) => Promise<boolean>;
}

function versionOf(output: string): string | undefined {
  try {
    return (JSON.parse(output) as { ignition?: { version?: string } }).ignition?.version;
  } catch {
    return undefined;
  }
}

/** The Ignition JSON, or why there is none; copy and download. */
export function Output({ result, lastGood, pending, runs, engine, dialect, onCopy }: Props) {
  const [copied, setCopied] = useState('');
  const { output } = result;
  const errors = result.issues.filter((i) => i.severity === 'error');
  const download = () => {
    if (output === null) return;
    const url = URL.createObjectURL(new Blob([output], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'config.ign';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <section
      className="pane output"
      aria-label="Output"
      data-runs={runs}
      data-pending={pending ? 'true' : 'false'}
      data-dialect={dialect}
      data-engine={engine}
    >
      <h2>
        Ignition output <span className="count">{output === null ? 'none' : `spec ${versionOf(output) ?? '?'}`}</span>
      </h2>
      <div className="actions">
        <button
          type="button"
          disabled={output === null}
          onClick={async () => {
            if (output !== null) setCopied((await onCopy(output)) ? 'Copied.' : 'Copy failed: select the text.');
          }}
        >
          Copy output
        </button>
        <button type="button" disabled={output === null} onClick={download}>
          Download config.ign
        </button>
        <span role="status">{copied}</span>
      </div>
      {output === null ? (
        <>
          {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: a stable name the tests find the block by; screen readers read its text */}
          <p className="no-output" aria-label="No output">
            No Ignition config: {errors.length === 1 ? errors[0]!.message : `${errors.length} errors`} (see Problems).
          </p>
          {lastGood !== undefined && (
            <>
              <p className="stale-note">The last output without errors, kept until the config is fixed:</p>
              {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: a stable name the tests find the block by; screen readers read its text */}
              <pre aria-label="Last good Ignition output (out of date)" className="json stale" data-stale="true">
                {lastGood}
              </pre>
            </>
          )}
        </>
      ) : (
        // biome-ignore lint/a11y/useAriaPropsSupportedByRole: a stable name the tests find the block by; screen readers read its text
        <pre aria-label="Ignition output" className="json">
          {output}
        </pre>
      )}
    </section>
  );
}
