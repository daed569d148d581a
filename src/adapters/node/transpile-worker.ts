/**
 * The transpile worker thread's entry (dist/transpile-worker.cjs when built,
 * this file under tsx): POST /api/v1/transpile's body bytes in, the job's
 * result out. Only the pure transpile area is loaded here.
 */
import { runTranspileJob, type TranspileJobResult } from '../../transpile/index.js';
import { serveTasks } from './worker-task.js';

const decoder = new TextDecoder('utf-8');

serveTasks<Uint8Array, TranspileJobResult>((body) => runTranspileJob(decoder.decode(body)));
