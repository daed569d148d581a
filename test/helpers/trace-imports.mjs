// Loaded with `node --import`: records every module URL the process resolves
// into the file named by HULL_TRACE_IMPORTS, one per line.
import { register } from 'node:module';

register(new URL('./trace-imports-hooks.mjs', import.meta.url), {
  data: { file: process.env.HULL_TRACE_IMPORTS },
});
