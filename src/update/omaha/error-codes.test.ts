// update_engine's error codes: the table, masking, flag names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACTION_EXIT_CODES, ERROR_FLAGS, errorCodeName, errorFlagNames, splitErrorCode } from './index.js';

test('the ActionExitCode table: 0–44 and 100, named as update_engine names them', () => {
  const numbers = Object.keys(ACTION_EXIT_CODES).map(Number);
  assert.deepEqual(numbers, [...Array.from({ length: 45 }, (_, i) => i), 100]);
  for (const [n, name] of [
    [0, 'Success'],
    [5, 'PostinstallRunnerError'],
    [10, 'PayloadHashMismatchError'],
    [18, 'DownloadPayloadPubKeyVerificationError'],
    [34, 'OmahaResponseInvalid'],
    [44, 'RollbackError'],
    [100, 'DownloadIncomplete'],
  ] as const) {
    assert.equal(errorCodeName(n), name);
  }
  assert.equal(errorCodeName(2500), 'HttpResponse500');
  assert.equal(errorCodeName(2000), 'HttpResponse0');
  assert.equal(errorCodeName(45), 'Unknown45');
  assert.equal(errorCodeName(3000), 'Unknown3000');
});

test('masking and flags, one row per observed or possible code', () => {
  const rows: Array<[number, number, number, string[]]> = [
    // reported, base code, flags, flag names
    [44, 44, 0, []],
    [268435474, 18, 0x10000000, ['TestOmahaUrl']],
    [268435461, 5, 0x10000000, ['TestOmahaUrl']],
    [268437956, 2500, 0x10000000, ['TestOmahaUrl']],
    [268435490, 34, 0x10000000, ['TestOmahaUrl']],
    [0x40000000 | 0x10000000 | 9, 9, 0x50000000, ['Resumed', 'TestOmahaUrl']],
    [0x20000000 | 10, 10, 0x20000000, ['TestImage']],
    [-1879048187, 5, 0x90000000, ['DevMode', 'TestOmahaUrl']],
    [0x90000005, 5, 0x90000000, ['DevMode', 'TestOmahaUrl']],
    [-1, 0x0fffffff, 0xf0000000, ['DevMode', 'Resumed', 'TestImage', 'TestOmahaUrl']],
    [0, 0, 0, []],
  ];
  for (const [reported, code, flags, flagNames] of rows) {
    const s = splitErrorCode(reported);
    assert.equal(s.code, code, `${reported}: code`);
    assert.equal(s.flags, flags, `${reported}: flags`);
    assert.equal(s.value, reported | 0, `${reported}: value as int32`);
    assert.deepEqual(errorFlagNames(s.flags), flagNames, `${reported}: flag names`);
  }
  assert.deepEqual(Object.values(ERROR_FLAGS), [0x80000000, 0x40000000, 0x20000000, 0x10000000]);
});
