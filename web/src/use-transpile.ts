import { useEffect, useRef, useState } from 'react';
import { transpile, type PlaygroundRequest, type PlaygroundResult } from '../../src/transpile/index.js';

/** How long typing must pause before the config is transpiled again. */
export const DEBOUNCE_MS = 150;

export type Engine = 'worker' | 'page';

/** The newest output there was, and the dialect it came from. */
export interface LastGood {
  readonly dialect: string;
  readonly output: string;
}

interface WorkerAnswer {
  readonly id: number;
  readonly ready?: boolean;
  readonly result?: PlaygroundResult;
}

/**
 * The result for the latest request, debounced. The work runs in a Web
 * Worker once it has loaded (made when the page starts, so it is there
 * before the server could go away); until then, or when workers fail, in the
 * page itself. Answers to older requests are dropped.
 */
export function useTranspile(request: PlaygroundRequest): {
  result: PlaygroundResult;
  pending: boolean;
  runs: number;
  engine: Engine;
  /** The last output of a run without errors (kept, dimmed, while the text has errors). */
  lastGood: LastGood | undefined;
} {
  const [result, setResult] = useState<PlaygroundResult>(() => transpile(request));
  const [lastGood, setLastGood] = useState<LastGood | undefined>(() =>
    result.output === null ? undefined : { dialect: request.dialect, output: result.output },
  );
  const [pending, setPending] = useState(false);
  const [runs, setRuns] = useState(1);
  const [engine, setEngine] = useState<Engine>('page');
  const worker = useRef<Worker | null>(null);
  const ready = useRef(false);
  const latest = useRef(0);
  const lastRequest = useRef<PlaygroundRequest>(request);
  const deliver = (req: PlaygroundRequest, res: PlaygroundResult) => {
    setResult(res);
    if (res.output !== null) setLastGood({ dialect: req.dialect, output: res.output });
    setRuns((n) => n + 1);
    setPending(false);
  };
  const runHere = (req: PlaygroundRequest) => deliver(req, transpile(req));

  // biome-ignore lint/correctness/useExhaustiveDependencies: the worker is started once for the page's life
  useEffect(() => {
    let w: Worker;
    try {
      w = new Worker(new URL('./transpile-worker.ts', import.meta.url), { type: 'module' });
    } catch {
      return;
    }
    worker.current = w;
    w.onmessage = (e: MessageEvent<WorkerAnswer>) => {
      if (e.data.ready === true) {
        ready.current = true;
        setEngine('worker');
        return;
      }
      if (e.data.id !== latest.current || e.data.result === undefined) return;
      deliver(lastRequest.current, e.data.result);
    };
    w.onerror = () => {
      // The script did not load or broke: the page does the work from now on, starting with the
      // request the worker may have dropped.
      const wasReady = ready.current;
      ready.current = false;
      worker.current = null;
      setEngine('page');
      w.terminate();
      if (wasReady) runHere(lastRequest.current);
    };
    return () => {
      worker.current = null;
      ready.current = false;
      w.terminate();
    };
  }, []);

  const { dialect, target, source, rules } = request;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the request's parts change; the runners are new closures each render
  useEffect(() => {
    setPending(true);
    const id = ++latest.current;
    const timer = setTimeout(() => {
      const req: PlaygroundRequest = { dialect, target, source, rules };
      lastRequest.current = req;
      if (worker.current !== null && ready.current) {
        worker.current.postMessage({ id, request: req });
        return;
      }
      runHere(req);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [dialect, target, source, rules]);

  return { result, pending, runs, engine, lastGood };
}
