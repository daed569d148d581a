/**
 * Records test/fixtures/ignition/ign-converter/corpus.json: every input of
 * ign-converter-cases.ts translated to 3.0–3.5 by coreos/ign-converter and by
 * flatcar/ign-converter (see that folder's README for the commits and the
 * drivers). test/interop/ign-converter-replay.test.ts replays the recordings.
 *
 * Usage: IGNCONV_COREOS_DRIVER=… IGNCONV_FLATCAR_DRIVER=… npx tsx test/interop/record-ign-converter.ts
 * With IGNCONV_ONLY=id,id…: records only those cases and merges them into the existing
 * corpus.json (in the order of ign-converter-cases.ts), leaving every other recording as it is.
 * A driver reads JSON lines {input, target: '3.N', fsmap?: text, from31?} and prints
 * one JSON line {verdict: ok|error|panic, stage?, error?, output?} for each; the
 * coreos driver's `from31` up-translates a 3.1 config only.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { corpusInputs } from './ign-converter-cases.js';
import { refusalClass, TARGETS, type Recorded } from './ign-converter-corpus.js';

const coreos = process.env['IGNCONV_COREOS_DRIVER'];
const flatcar = process.env['IGNCONV_FLATCAR_DRIVER'];
if (!coreos || !flatcar) {
  process.stderr.write(
    'IGNCONV_COREOS_DRIVER and IGNCONV_FLATCAR_DRIVER must point at the drivers (see test/fixtures/ignition/ign-converter/README.md)\n',
  );
  process.exit(2);
}

interface DriverOut {
  verdict: string;
  stage?: string;
  error?: string;
  output?: string;
}
interface Request {
  input: string;
  target: string;
  fsmap?: string;
  from31?: boolean;
}
/** One driver process for a whole batch: JSON lines in, JSON lines out. */
function batch(bin: string, reqs: Request[]): DriverOut[] {
  const r = spawnSync(bin, [], {
    input: reqs.map((q) => JSON.stringify(q)).join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`${bin} failed: ${r.stderr}`);
  const out = r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as DriverOut);
  if (out.length !== reqs.length) throw new Error(`${bin}: ${out.length} answers to ${reqs.length} requests`);
  return out;
}
const recorded = (d: DriverOut): Recorded => {
  if (d.verdict === 'ok') return { verdict: 'ok', output: d.output! };
  if (d.verdict === 'panic') return { verdict: 'panic', class: 'panic', error: d.error! };
  return { verdict: 'refused', class: refusalClass(d.stage!, d.error!), error: d.error! };
};

const RUNS = 5;
const only = process.env['IGNCONV_ONLY']?.split(',').filter((id) => id !== '');
const inputs = corpusInputs().filter((c) => only === undefined || only.includes(c.id));
const base = (c: (typeof inputs)[number]) =>
  c.fsmap === undefined ? { input: c.input } : { input: c.input, fsmap: c.fsmap };
const pairs = inputs.flatMap((c) => TARGETS.map((t) => ({ c, t })));
const co = batch(
  coreos,
  pairs.map(({ c, t }) => ({ ...base(c), target: t })),
);
// Flatcar's Ignition translates 2.x to 3.1 with the fork (3.0: the fork's v23tov30), then up with
// Ignition's own translators; the fork merges units through a Go map, so each request runs RUNS times.
const fl = batch(
  flatcar,
  pairs.flatMap(({ c, t }) =>
    Array.from({ length: RUNS }, () => ({ ...base(c), target: t === '3.0' ? '3.0' : '3.1' })),
  ),
);
const upIdx: number[] = [];
fl.forEach((d, i) => {
  const t = pairs[Math.floor(i / RUNS)]!.t;
  if (d.verdict === 'ok' && t !== '3.0' && t !== '3.1') upIdx.push(i);
});
const ups = batch(
  coreos,
  upIdx.map((i) => ({ input: fl[i]!.output!, target: pairs[Math.floor(i / RUNS)]!.t, from31: true })),
);
upIdx.forEach((i, k) => (fl[i] = ups[k]!));
const cases = inputs.map((c, ci) => {
  const results: Record<string, { coreos: Recorded; flatcar: Recorded }> = {};
  TARGETS.forEach((t, ti) => {
    const k = ci * TARGETS.length + ti;
    const runs = fl.slice(k * RUNS, (k + 1) * RUNS).map(recorded);
    let f = runs[0]!;
    if (runs.some((x) => JSON.stringify(x) !== JSON.stringify(f))) f = { ...f, unstableOrder: true };
    results[t] = { coreos: recorded(co[k]!), flatcar: f };
  });
  return { ...c, results };
});
const file = new URL('../fixtures/ignition/ign-converter/corpus.json', import.meta.url);
let all: { id: string }[] = cases;
if (only !== undefined) {
  const fresh = new Map<string, { id: string }>(cases.map((c) => [c.id, c]));
  const old = new Map(
    (JSON.parse(readFileSync(file, 'utf8')) as { cases: { id: string }[] }).cases.map((c) => [c.id, c]),
  );
  all = corpusInputs().flatMap((c) => fresh.get(c.id) ?? old.get(c.id) ?? []);
}
writeFileSync(file, `${JSON.stringify({ cases: all }, null, 1)}\n`);
process.stdout.write(`recorded ${cases.length} configs × ${TARGETS.length} targets (${all.length} in the corpus)\n`);
