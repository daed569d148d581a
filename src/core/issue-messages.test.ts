import assert from 'node:assert/strict';
import { test } from 'node:test';
import { issueMaker, messageText, type MessageTable } from './issue-messages.js';

const TABLE: MessageTable<'A_FIXED' | 'A_MADE' | 'A_SEVERAL'> = {
  A_FIXED: 'a fixed text',
  A_MADE: (d) => `unknown key ${String(d['key'])}`,
  A_SEVERAL: { old: 'too old', new: 'too new' },
};

test('a message comes from the table by code, made from the details, picked by details.reason', () => {
  assert.equal(messageText(TABLE.A_FIXED), 'a fixed text');
  assert.equal(messageText(TABLE.A_MADE, { key: 'x' }), 'unknown key x');
  assert.equal(messageText(TABLE.A_SEVERAL, { reason: 'new' }), 'too new');
  assert.throws(() => messageText(TABLE.A_SEVERAL, { reason: 'other' }), /no message for reason other/);
});

test('an issue made by code carries its details beside the text, and none when it has none', () => {
  const make = issueMaker(TABLE);
  assert.deepEqual(make.warning('A_MADE', ['a', 0], { key: 'x' }), {
    code: 'A_MADE',
    severity: 'warning',
    path: ['a', 0],
    message: 'unknown key x',
    details: { key: 'x' },
  });
  assert.deepEqual(make.error('A_FIXED', []), {
    code: 'A_FIXED',
    severity: 'error',
    path: [],
    message: 'a fixed text',
  });
  assert.equal(make.info('A_SEVERAL', [], { reason: 'old' }).severity, 'info');
});
