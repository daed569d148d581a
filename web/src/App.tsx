import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { DIALECT_IDS, DIALECTS, type DialectId } from '../../src/transpile/index.js';
import { Editor, type EditorHandle } from './Editor.js';
import { Problems } from './Problems.js';
import { Output } from './Output.js';
import { decodeShare, encodeShare } from './share.js';
import { StatusFooter } from './StatusFooter.js';
import { useTranspile } from './use-transpile.js';
import { readHeader, writeHeader } from './source-header.js';

const firstExample = (d: DialectId): string => DIALECTS[d].examples[0]?.source ?? '';
/** The dialect of a first visit without a share link. */
export const DEFAULT_DIALECT: DialectId = 'butane';

export function App() {
  const editor = useRef<EditorHandle>(null);
  // Butane is where new configs start (a share link may pick another dialect).
  const [dialect, setDialect] = useState<DialectId>(DEFAULT_DIALECT);
  const [target, setTarget] = useState('');
  // For 2.x configs translated to a 3.x target: which real translator to reproduce (docs/ignition.md).
  const [rules, setRules] = useState<'flatcar' | 'coreos'>('flatcar');
  const [source, setSource] = useState(() => firstExample(DEFAULT_DIALECT));
  const [shareLink, setShareLink] = useState('');
  const [notice, setNotice] = useState('');
  // The text of each dialect while the user switches between them.
  const drafts = useRef<Partial<Record<DialectId, string>>>({});

  const info = DIALECTS[dialect];

  // Transpiled in the browser (a worker, or the page), debounced: no server involved.
  const { result, pending, runs, engine, lastGood } = useTranspile({
    dialect,
    target: target === '' ? undefined : target,
    source,
    rules,
  });

  const load = useCallback((d: DialectId, t: string, text: string) => {
    setDialect(d);
    setTarget(DIALECTS[d].targets.includes(t) ? t : '');
    setSource(text);
    editor.current?.setText(text);
  }, []);

  // A share link: on load and whenever the fragment changes.
  useEffect(() => {
    const apply = async () => {
      if (location.hash.length < 2) return;
      const shared = await decodeShare(location.hash);
      if (shared === undefined || !(DIALECT_IDS as readonly string[]).includes(shared.dialect)) {
        setNotice('The link’s config could not be read.');
        return;
      }
      load(shared.dialect as DialectId, shared.target, shared.source);
      setNotice('Loaded the config from the link.');
    };
    void apply();
    window.addEventListener('hashchange', apply);
    return () => window.removeEventListener('hashchange', apply);
  }, [load]);

  const switchDialect = (d: DialectId) => {
    drafts.current[dialect] = source;
    load(d, target, drafts.current[d] ?? firstExample(d));
  };

  const share = async () => {
    const hash = await encodeShare({ dialect, target, source });
    history.replaceState(null, '', hash);
    const link = location.href;
    setShareLink(link);
    setNotice((await copyText(link)) ? 'Share link copied.' : 'Share link ready: copy it from the field.');
  };

  const examples = useMemo(() => info.examples, [info]);
  // Butane: the variant and version the source names, offered as a picker that rewrites them.
  const header = info.sourceVersions === undefined ? undefined : readHeader(source);
  const headerValue = header === undefined ? '' : `${header.variant ?? ''} ${header.version ?? ''}`;
  const headerKnown = info.sourceVersions?.some((v) => `${v.variant} ${v.version}` === headerValue) === true;

  return (
    <div className="app">
      <header>
        <h1>Hull playground</h1>
        <p className="tagline">
          Write a config, see the Ignition JSON and every problem as you type. Everything runs in this page.
        </p>
        <div className="controls">
          <label>
            Dialect
            <select aria-label="Dialect" value={dialect} onChange={(e) => switchDialect(e.target.value as DialectId)}>
              {DIALECT_IDS.map((id) => (
                <option key={id} value={id}>
                  {DIALECTS[id].label}
                </option>
              ))}
            </select>
          </label>
          {info.sourceVersions !== undefined && (
            <label>
              Variant and version (in the config)
              <select
                aria-label="Variant and version"
                value={headerKnown ? headerValue : ''}
                onChange={(e) => {
                  const [variant, version] = e.target.value.split(' ');
                  if (variant && version) load(dialect, target, writeHeader(source, variant, version));
                }}
              >
                <option value="" disabled>
                  {headerValue.trim() === '' ? 'not set: pick one' : `${headerValue.trim()} (unknown)`}
                </option>
                {info.sourceVersions.map((v) => (
                  <option key={`${v.variant} ${v.version}`} value={`${v.variant} ${v.version}`}>
                    {v.variant} {v.version}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            Target Ignition version
            <select
              aria-label="Target Ignition version"
              value={target}
              disabled={info.targets.length === 0}
              onChange={(e) => setTarget(e.target.value)}
            >
              <option value="">{info.defaultTargetLabel}</option>
              {info.targets.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          {(dialect === 'ct' || dialect === 'ignition') && (
            <label title="For spec 2.x configs translated to a 3.x target: flatcar/ign-converter (as Flatcar boots them) or coreos/ign-converter">
              2.x rules
              <select
                aria-label="2.x translation rules"
                value={rules}
                disabled={target === ''}
                onChange={(e) => setRules(e.target.value === 'coreos' ? 'coreos' : 'flatcar')}
              >
                <option value="flatcar">flatcar (as Flatcar boots)</option>
                <option value="coreos">coreos/ign-converter</option>
              </select>
            </label>
          )}
          <label>
            Example
            <select
              aria-label="Example"
              value=""
              onChange={(e) => {
                const ex = examples[Number(e.target.value)];
                if (ex !== undefined) load(dialect, target, ex.source);
              }}
            >
              <option value="">Load an example…</option>
              {examples.map((ex, n) => (
                <option key={ex.name} value={n}>
                  {ex.name}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => void share()}>
            Share link
          </button>
        </div>
        <p className="note">{info.note}</p>
        {shareLink !== '' && (
          <input
            className="share"
            aria-label="Share link"
            readOnly
            value={shareLink}
            onFocus={(e) => e.currentTarget.select()}
          />
        )}
        <p className="notice" role="status" aria-live="polite">
          {notice}
        </p>
      </header>
      <main>
        <section className="pane source" aria-label="Source">
          <h2>{info.language === 'json' ? 'Ignition config (JSON)' : 'Config (YAML)'}</h2>
          <Editor
            ref={editor}
            initialText={source}
            language={info.language}
            dialect={dialect}
            issues={result.issues}
            onChange={setSource}
          />
          <Problems issues={result.issues} onJump={(line, column) => editor.current?.goTo(line, column)} />
        </section>
        <Output
          result={result}
          lastGood={lastGood?.dialect === dialect ? lastGood.output : undefined}
          pending={pending}
          runs={runs}
          engine={engine}
          dialect={dialect}
          onCopy={copyText}
        />
      </main>
      <StatusFooter />
    </div>
  );
}

/** Copies to the clipboard; false when the browser refuses (the caller then shows the text). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}
