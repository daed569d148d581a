/** The ign-converter differential corpus: its shape, and the refusal classes of the real translators' errors. */
import { readFileSync } from 'node:fs';

export const TARGETS = ['3.0', '3.1', '3.2', '3.3', '3.4', '3.5'] as const;

export interface Recorded {
  readonly verdict: 'ok' | 'refused' | 'panic';
  /** The refusal class (refusalClass), for refusals and panics. */
  readonly class?: string;
  /** The printed config (clarketm/json, one final newline), when ok. */
  readonly output?: string;
  readonly error?: string;
  /** The fork printed units in a different order on some of five runs (Go map order). */
  readonly unstableOrder?: boolean;
}

export interface CorpusCase {
  readonly id: string;
  readonly input: string;
  readonly fsmap?: string;
  readonly results: Record<(typeof TARGETS)[number], { coreos: Recorded; flatcar: Recorded }>;
}

export function loadCorpus(): CorpusCase[] {
  const text = readFileSync(new URL('../fixtures/ignition/ign-converter/corpus.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { cases: CorpusCase[] }).cases;
}

/** The class of an ign-converter error, from the driver's stage and the error text. */
export function refusalClass(stage: string, error: string): string {
  if (stage === 'parse') return 'parse';
  if (stage === 'fsmap') return 'fsmap';
  const known: [RegExp, string][] = [
    [/^Invalid input config/, 'input-invalid'],
    [/deprecated networkd section/, 'networkd'],
    [/but no mapping was defined/, 'filesystem-unmapped'],
    [/must force filesystem creation/, 'create-not-forced'],
    [/conflicting inodes/, 'conflicting-inodes'],
    [/uses link defined in config/, 'uses-own-link'],
    [/duplicate unit name/, 'duplicate-unit'],
    [/duplicate dropin name/, 'duplicate-dropin'],
  ];
  for (const [re, cls] of known) if (re.test(error)) return cls;
  return 'result-invalid';
}
