import type { PlaygroundResult } from '../../src/transpile/index.js';

export type PlaygroundIssue = PlaygroundResult['issues'][number];
