import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MemoryBlockDevice } from '../block-device.js';
import { guidFromRandom } from './guid.js';
import { readGpt } from './read.js';
import { usableRange, type GptPartition, type GptTable } from './types.js';
import { writeGpt } from './write.js';

const guid = fc.uint8Array({ minLength: 16, maxLength: 16 }).map(guidFromRandom);
const name = fc.string({ unit: 'binary', maxLength: 36 }).filter((s) => s.length <= 36 && !s.includes('\u0000'));

test('property: any valid table round-trips through write and read (both sector sizes)', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(512 as const, 4096 as const),
      fc.array(
        fc.record({
          typeGuid: guid,
          guid,
          name,
          len: fc.integer({ min: 1, max: 50 }),
          gap: fc.integer({ min: 0, max: 5 }),
          attributes: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
          slot: fc.integer({ min: 1, max: 128 }),
        }),
        { maxLength: 12 },
      ),
      guid,
      async (ss, specs, diskGuid) => {
        const totalSectors = 2048n;
        const { first, last } = usableRange(ss, totalSectors);
        const used = new Set<number>();
        const parts: GptPartition[] = [];
        let at = first;
        for (const s of specs) {
          if (used.has(s.slot) || s.typeGuid === '00000000-0000-0000-0000-000000000000') continue;
          const start = at + BigInt(s.gap);
          const end = start + BigInt(s.len) - 1n;
          if (end > last) break;
          used.add(s.slot);
          parts.push({
            number: s.slot,
            typeGuid: s.typeGuid,
            guid: s.guid,
            firstLba: start,
            lastLba: end,
            attributes: s.attributes,
            name: s.name,
          });
          at = end + 1n;
        }
        parts.sort((a, b) => a.number - b.number);
        const t: GptTable = {
          sectorSize: ss,
          totalSectors,
          diskGuid,
          firstUsableLba: first,
          lastUsableLba: last,
          entryCount: 128,
          entrySize: 128,
          partitions: parts,
        };
        const dev = new MemoryBlockDevice(Number(totalSectors) * ss);
        await writeGpt(dev, t);
        const r = await readGpt(dev);
        assert.deepEqual(r.issues, []);
        assert.deepEqual(
          r.table?.partitions.map((p) => ({ ...p })),
          parts.map((p) => ({
            number: p.number,
            typeGuid: p.typeGuid,
            guid: p.guid,
            firstLba: p.firstLba,
            lastLba: p.lastLba,
            attributes: p.attributes,
            name: p.name,
          })),
        );
        assert.equal(r.table?.diskGuid, diskGuid);
      },
    ),
    { numRuns: 60 },
  );
});
