import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Starts a worker on the module `name` (without extension) beside `base` (the caller's
 * import.meta.url). From dist/ the module is plain JS; from src/ (tests, tsx) it is TypeScript,
 * loaded through tsx (a dev dependency present wherever the sources are run) by
 * tsx-worker-entry.mjs: an eval script's `import('tsx/esm/api')` resolved from the working
 * directory, and failed when the sources ran from another folder.
 */
export function startModuleWorker(base: string, name: string, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  const fromSource = base.endsWith('.ts');
  const script = new URL(`./${name}${fromSource ? '.ts' : '.js'}`, base);
  if (!fromSource) return new Worker(script, { workerData, resourceLimits });
  return new Worker(new URL('./tsx-worker-entry.mjs', import.meta.url), { workerData, resourceLimits, argv: [script.href] });
}
