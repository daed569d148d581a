/**
 * Replays the ign-converter differential corpus (test/fixtures/ignition/ign-converter/):
 * every case, every target 3.0–3.5, under both rule sets: `coreos` must agree with
 * coreos/ign-converter's recording and `flatcar` with flatcar/ign-converter's — verdict,
 * refusal class, output as parsed JSON and as bytes — except the differences listed
 * below by case id, each with its reason (docs/ignition.md, "Differences from the real
 * translators"). A listed case that agrees fails the test too, so the lists stay exact.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadCorpus, TARGETS } from './ign-converter-corpus.js';
import { disagreement, runHull } from './ign-converter-replay.js';

/** Deliberate differences (docs/ignition.md), by case id. */
const DELIBERATE: Record<string, { reason: string; cases: string[] }> = {
  append: {
    reason:
      "several config.append entries (and several CAs) translate; ign-converter's loop-variable bug makes every entry the last one, then refuses the duplicates",
    cases: [
      'append-two-2.0',
      'append-two-2.1',
      'append-two-2.2',
      'append-two-2.3',
      'append-three-2.3',
      'ct-ignition-config',
      'tls-ca-2.3',
      'v24-append-two',
    ],
  },
  fsmapNewline: {
    reason: 'an fsmap whose last line ends in a newline is accepted',
    cases: ['fs-named-map-newline-2.1', 'fs-named-map-newline-2.2', 'fs-named-map-newline-2.3'],
  },
  undefinedFilesystem: {
    reason: 'a node on a filesystem the config never defines is refused (ign-converter silently writes it under /)',
    cases: ['fs-undefined-2.1', 'fs-undefined-2.2', 'fs-undefined-2.3', 'ct-files-undefined-filesystem'],
  },
  partitions: {
    reason:
      'spec 1 and 2.0–2.2 partitions without size/start translate (the reference refuses them through an up-translation artifact)',
    cases: [
      'spec1-disk',
      'part-nolabel-2.0',
      'part-nolabel-2.1',
      'part-nolabel-2.2',
      'part-nosize-2.0',
      'part-nosize-2.1',
      'part-nosize-2.2',
      'part-size0-2.0',
      'part-size0-2.1',
      'part-size0-2.2',
      'gen-020',
      'gen-059',
      'gen-064',
      'gen-086',
      'gen-091',
      'gen-095',
      'gen-101',
      'gen-113',
      'gen-130',
      'gen-131',
      'gen-135',
      'gen-142',
      'gen-148',
      'gen-151',
      'gen-157',
      'gen-174',
      'gen-189',
      'gen-191',
    ],
  },
  pathOnly: {
    reason:
      'a path-only filesystem maps to its own path when the fsmap does not name it, and is dropped when it does (coreos refuses the first and emits an invalid device for the second; the fork crashes on both)',
    cases: [
      'fs-path-only-2.1',
      'fs-path-only-2.2',
      'fs-path-only-2.3',
      'fs-path-only-map-2.1',
      'fs-path-only-map-2.2',
      'fs-path-only-map-2.3',
      'ct-filesystems',
    ],
  },
  v3Input: {
    reason: 'a 3.x input is translated between 3.x versions (ign-converter reads only 2.x)',
    cases: ['version-3.0'],
  },
  resultValidated: {
    reason:
      "the result is validated with the target's rules at every target (Ignition's up-translators do not validate; a 2.3 link without target fails 3.3's rules)",
    cases: ['ct-link-relative-target'],
  },
};

/**
 * Targets 3.4/3.5: Ignition v2.20's 3.3 → 3.4 translator (used for the recordings) masks the
 * setuid/setgid/sticky bits; current Ignition masks them only from 3.5 → 3.6 (7c1f0252), and Hull
 * follows it, so Hull keeps them. Checked exactly: Hull's output with the bits masked equals the recording.
 */
const MODES_AT_34: string[] = [
  'ct-int-octal-forms',
  'v24-mode-special',
  'spec1-mode-special',
  'mode-1777-2.0',
  'mode-1777-2.3',
  'mode-2755-2.0',
  'mode-2755-2.3',
  'mode-4755-2.0',
  'mode-4755-2.3',
  'mode-7777-2.0',
  'mode-7777-2.3',
  ...[
    0, 1, 2, 4, 9, 10, 12, 16, 17, 18, 22, 29, 32, 37, 38, 42, 44, 45, 47, 51, 55, 56, 57, 58, 62, 70, 71, 76, 77, 82,
    84, 85, 87, 92, 93, 98, 99, 102, 103, 105, 106, 109, 110, 111, 119, 120, 123, 124, 129, 132, 134, 136, 137, 138,
    140, 143, 145, 146, 149, 152, 153, 155, 156, 161, 162, 163, 167, 172, 175, 176, 177, 181, 184, 185, 186, 187, 188,
    190, 192, 194, 195, 197, 199,
  ].map((n) => `gen-${String(n).padStart(3, '0')}`),
];

const maskModes = (text: string): string =>
  text.replace(/"mode":(\d+)/g, (_m, n: string) => `"mode":${Number(n) & ~0o7000}`);

describe('ign-converter differential corpus', () => {
  const corpus = loadCorpus();
  const ids = new Set(corpus.map((c) => c.id));

  test('the corpus has at least 300 configs, each recorded for 3.0–3.5 by both translators', () => {
    assert.ok(corpus.length >= 300, `${corpus.length} configs`);
    for (const c of corpus)
      for (const t of TARGETS) assert.ok(c.results[t].coreos && c.results[t].flatcar, `${c.id} ${t}`);
    for (const list of [...Object.values(DELIBERATE), { cases: MODES_AT_34 }]) {
      for (const id of list.cases) assert.ok(ids.has(id), `listed case ${id} is not in the corpus`);
    }
  });

  for (const rules of ['coreos', 'flatcar'] as const) {
    test(`rules ${rules}: every case agrees with ${rules}/ign-converter except the listed differences`, () => {
      const differing = new Set<string>();
      const modes = new Set<string>();
      const details: string[] = [];
      for (const c of corpus) {
        for (const t of TARGETS) {
          const rec = c.results[t][rules];
          const hull = runHull(c.input, c.fsmap, t, rules);
          if (rec.verdict === 'panic') {
            // Where the fork crashes: coreos/ign-converter's result, or a refusal with a code — never a crash.
            const asCoreos = disagreement(hull, c.results[t].coreos, false) === undefined;
            if (!asCoreos && !(hull.verdict === 'refused' && hull.codes.length > 0)) differing.add(c.id);
            continue;
          }
          // The fork's v24tov31 emits units in Go map order (random): compared in name order.
          const d = disagreement(hull, rec, rules === 'flatcar' && t !== '3.0');
          if (d === undefined) continue;
          if (
            (t === '3.4' || t === '3.5') &&
            hull.output !== undefined &&
            disagreement({ ...hull, output: maskModes(hull.output) }, rec, rules === 'flatcar') === undefined
          ) {
            modes.add(c.id);
            continue;
          }
          differing.add(c.id);
          details.push(`${c.id} → ${t}: ${d}`);
        }
      }
      for (const id of differing) seen.add(id);
      for (const id of modes) seenModes.add(id);
      const listed = new Set(Object.values(DELIBERATE).flatMap((l) => l.cases));
      const unexpected = [...differing].filter((id) => !listed.has(id));
      assert.deepEqual(
        unexpected,
        [],
        `differences not listed:\n${details
          .filter((l) => unexpected.some((id) => l.startsWith(`${id} `)))
          .slice(0, 20)
          .join('\n')}`,
      );
    });
  }

  const seen = new Set<string>();
  const seenModes = new Set<string>();
  test('every listed difference is real (no stale entry)', () => {
    const listed = Object.values(DELIBERATE).flatMap((l) => l.cases);
    assert.deepEqual(
      listed.filter((id) => !seen.has(id)),
      [],
    );
    assert.deepEqual(
      MODES_AT_34.filter((id) => !seenModes.has(id)),
      [],
      'listed but agreeing',
    );
    assert.deepEqual(
      [...seenModes].filter((id) => !MODES_AT_34.includes(id)),
      [],
      'masked but not listed',
    );
  });
});
