// Writes docs/schema/butane-<variant>-<version>.json and docs/schema/clc.json from
// src/transpile's definitions (the Butane decoding schemas, ct's struct table).
// test/docs/transpile-schemas.test.ts fails when they are stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transpileSchemaFiles } from '../src/transpile/json-schemas.js';

const dir = join(import.meta.dirname, '..', 'docs', 'schema');
for (const [name, text] of transpileSchemaFiles()) writeFileSync(join(dir, name), text);
