/// <reference lib="webworker" />
// Runs the transpilers off the page's main thread, so typing never waits for them.
import { transpile, type PlaygroundRequest } from '../../src/transpile/index.js';

export interface WorkerRequest {
  readonly id: number;
  readonly request: PlaygroundRequest;
}

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const { id, request } = e.data;
  self.postMessage({ id, result: transpile(request) });
};

// Tells the page the worker loaded (until then the page transpiles by itself).
self.postMessage({ id: 0, ready: true });
