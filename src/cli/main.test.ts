import assert from 'node:assert/strict';
import { test } from 'node:test';
import { invokedCommandName } from './main.js';

test('invokedCommandName finds the subcommand past global options', () => {
  const rows: Array<[string[], string | undefined]> = [
    [['serve'], 'serve'],
    [['-o', 'json', 'version'], 'version'],
    [['--output', 'json', 'serve', '--listen', ':0'], 'serve'],
    [['--output=json', 'version'], 'version'],
    [['help', 'serve'], 'serve'],
    [['help'], undefined],
    [['--help'], undefined],
    [[], undefined],
    [['--', 'serve'], undefined],
  ];
  for (const [argv, expected] of rows) assert.equal(invokedCommandName(argv), expected, argv.join(' '));
});
