import { ALL_SPEC_VERSIONS } from '../versions.js';
import { toJsonSchema } from './json-schema.js';

/** docs/schema/ignition-v1.json and ignition-vX_Y.json (2.0–2.4, 3.0–3.6): file name → content, generated from the DSL schemas. */
export function jsonSchemaFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const spec of ALL_SPEC_VERSIONS) {
    const [major, minor] = spec.version.split('.');
    const name = minor === undefined ? `ignition-v${major}.json` : `ignition-v${major}_${minor}.json`; // spec 1: ignition-v1.json
    const doc = toJsonSchema(spec.schema, {
      id: `https://hull.invalid/schema/${name}`,
      title: `Ignition config spec ${spec.version}`,
    });
    files.set(name, `${JSON.stringify(doc, null, 2)}\n`);
  }
  return files;
}
