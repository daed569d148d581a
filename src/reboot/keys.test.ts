import assert from 'node:assert/strict';
import { test } from 'node:test';
import { queryEscape, semaphoreKey } from './keys.js';

test('semaphore keys: default, groups query-escaped, path cleaned as Go does', () => {
  const cases: Array<[string, string]> = [
    ['', 'coreos.com/updateengine/rebootlock/semaphore'],
    ['web', 'coreos.com/updateengine/rebootlock/groups/web/semaphore'],
    ['a b/c&d', 'coreos.com/updateengine/rebootlock/groups/a+b%2Fc%26d/semaphore'],
    ['ünï~._-', 'coreos.com/updateengine/rebootlock/groups/%C3%BCn%C3%AF~._-/semaphore'],
    ['.', 'coreos.com/updateengine/rebootlock/groups/semaphore'],
    ['..', 'coreos.com/updateengine/rebootlock/semaphore'],
  ];
  for (const [group, key] of cases) assert.equal(semaphoreKey(group), key, group);
  assert.equal(queryEscape("!*'()+%"), '%21%2A%27%28%29%2B%25');
});
