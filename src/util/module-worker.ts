import { Worker } from 'node:worker_threads';

/**
 * Starts a worker on the module `name` (without extension) beside `base` (the caller's
 * import.meta.url). From dist/ the module is plain JS; from src/ (tests, tsx) it is TypeScript,
 * loaded through tsx, a dev dependency present wherever the sources are run.
 */
export function startModuleWorker(base: string, name: string, workerData: unknown): Worker {
  const fromSource = base.endsWith('.ts');
  const script = new URL(`./${name}${fromSource ? '.ts' : '.js'}`, base);
  if (!fromSource) return new Worker(script, { workerData });
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
