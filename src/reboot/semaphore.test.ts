import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  encodeSemaphore,
  INITIAL_SEMAPHORE,
  lockSemaphore,
  parseSemaphore,
  setMaxSemaphore,
  unlockSemaphore,
  type Semaphore,
} from './semaphore.js';

const sem = (semaphore: number, max: number, holders: string[] | null): Semaphore => ({ semaphore, max, holders });

test("the initial value and its stored form are locksmith's", () => {
  assert.equal(encodeSemaphore(INITIAL_SEMAPHORE), '{"semaphore":1,"max":1,"holders":null}');
  assert.equal(encodeSemaphore(sem(2, 2, [])), '{"semaphore":2,"max":2,"holders":[]}');
});

test('lock: the count is checked before the holder list; holders are inserted sorted', () => {
  const cases: Array<[string, Semaphore, string, string]> = [
    ['first holder', sem(2, 2, null), 'm1', '{"semaphore":1,"max":2,"holders":["m1"]}'],
    ['second, sorted in', sem(1, 2, ['zeta']), 'alpha', '{"semaphore":0,"max":2,"holders":["alpha","zeta"]}'],
    ['duplicate with room', sem(1, 2, ['m1']), 'm1', 'holder exists'],
    ['full', sem(0, 2, ['m1', 'm2']), 'm3', 'semaphore is at 0'],
    ['full and already a holder: the count wins', sem(0, 2, ['a', 'b']), 'a', 'semaphore is at 0'],
    ['negative', sem(-1, 1, ['a', 'b']), 'c', 'semaphore is at -1'],
    ['empty list', sem(1, 1, []), 'x', '{"semaphore":0,"max":1,"holders":["x"]}'],
  ];
  for (const [name, before, id, want] of cases) {
    const r = lockSemaphore(before, id);
    assert.equal(r.ok ? encodeSemaphore(r.value) : r.refusal.message, want, name);
  }
});

test('unlock: removes a holder, or refuses "holder does not exist"; null and [] both read', () => {
  const cases: Array<[string, Semaphore, string, string]> = [
    ['held', sem(0, 2, ['m1', 'm2']), 'm1', '{"semaphore":1,"max":2,"holders":["m2"]}'],
    ['last holder leaves []', sem(1, 2, ['m2']), 'm2', '{"semaphore":2,"max":2,"holders":[]}'],
    ['not held', sem(1, 2, ['m2']), 'm1', 'holder does not exist'],
    ['null holders', sem(1, 1, null), 'm1', 'holder does not exist'],
  ];
  for (const [name, before, id, want] of cases) {
    const r = unlockSemaphore(before, id);
    assert.equal(r.ok ? encodeSemaphore(r.value) : r.refusal.message, want, name);
  }
});

test('set-max shifts the count by the difference and can drive it negative', () => {
  assert.equal(encodeSemaphore(setMaxSemaphore(INITIAL_SEMAPHORE, 2)), '{"semaphore":2,"max":2,"holders":null}');
  assert.equal(
    encodeSemaphore(setMaxSemaphore(sem(0, 2, ['a', 'b']), 1)),
    '{"semaphore":-1,"max":1,"holders":["a","b"]}',
  );
  assert.equal(
    encodeSemaphore(setMaxSemaphore(sem(0, 2, ['a', 'b']), 0)),
    '{"semaphore":-2,"max":0,"holders":["a","b"]}',
  );
});

test("parse: Go's lenient decoding and its error texts", () => {
  const ok: Array<[string, string]> = [
    ['{"semaphore":1,"max":1,"holders":null}', '{"semaphore":1,"max":1,"holders":null}'],
    ['{"holders":["b","a"],"max":3,"semaphore":1}', '{"semaphore":1,"max":3,"holders":["b","a"]}'],
    ['{"Semaphore":2,"MAX":2,"extra":true}', '{"semaphore":2,"max":2,"holders":null}'],
    ['{}', '{"semaphore":0,"max":0,"holders":null}'],
    ['null', '{"semaphore":0,"max":0,"holders":null}'],
  ];
  for (const [text, want] of ok) {
    const r = parseSemaphore(text);
    assert.ok(r.ok, text);
    if (r.ok) assert.equal(encodeSemaphore(r.value), want, text);
  }
  const bad: Array<[string, string]> = [
    ['garbage', "invalid character 'g' looking for beginning of value"],
    ['', 'unexpected end of JSON input'],
    ['{"semaphore":1', 'unexpected end of JSON input'],
    ['nope', "invalid character 'o' in literal null (expecting 'u')"],
    ['"x"', 'json: cannot unmarshal string into Go value of type lock.Semaphore'],
    ['{"semaphore":"1"}', 'json: cannot unmarshal string into Go struct field Semaphore.semaphore of type int'],
    ['{"semaphore":1.5}', 'json: cannot unmarshal number 1.5 into Go struct field Semaphore.semaphore of type int'],
    ['{"holders":[1]}', 'json: cannot unmarshal number 1 into Go struct field Semaphore.holders of type string'],
  ];
  for (const [text, want] of bad) {
    const r = parseSemaphore(text);
    assert.equal(r.ok ? 'parsed' : r.message, want, text);
  }
});
