// Writes docs/schema/ignition-v1.json and ignition-vX_Y.json (2.0–2.4 and 3.0–3.6) from src/ignition's DSL schemas.
// src/ignition/schema/json-schema.test.ts fails when they are stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonSchemaFiles } from '../src/ignition/schema/json-schema-files.js';

const dir = join(import.meta.dirname, '..', 'docs', 'schema');
for (const [name, text] of jsonSchemaFiles()) writeFileSync(join(dir, name), text);
