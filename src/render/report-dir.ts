import { randomBytes } from 'node:crypto';
import { mkdir, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ParityError } from '../core/errors.js';

/**
 * Makes sure reports can be written into `dir`: creates it (and its missing parents), then writes
 * and removes a probe file. A replay calls it before replaying anything, so a folder it cannot
 * write fails in a second (REPORT_OUT_UNWRITABLE, exit 2), not after an hour of replay.
 * `removeIfEmpty` takes back the folders it created, for a run that fails before writing its report.
 */
export async function prepareReportDir(dir: string): Promise<{ removeIfEmpty(): Promise<void> }> {
  const created: string[] = [];
  try {
    await makeDirectory(resolve(dir), created);
    const probe = resolve(dir, `.parity-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
    await writeFile(probe, '', { flag: 'wx', mode: 0o600 });
    await rm(probe, { force: true });
  } catch (cause) {
    throw reportDirError(dir, cause);
  }
  return {
    async removeIfEmpty() {
      // Deepest first; rmdir refuses a folder something was written into meanwhile, which then stays.
      for (const path of created.reverse()) await rmdir(path).catch(() => {});
    },
  };
}

/** REPORT_OUT_UNWRITABLE naming `dir` and why, for a failure creating it or writing in it. */
export function reportDirError(dir: string, cause: unknown): ParityError {
  if (cause instanceof ParityError) return cause;
  const error = cause as NodeJS.ErrnoException;
  const code = error.code ?? '';
  const why =
    code === 'EEXIST' || code === 'ENOTDIR'
      ? 'it, or a folder above it, is a file, not a folder'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EROFS'
          ? 'the file system is read-only'
          : code === 'ENOSPC' || code === 'EDQUOT'
            ? 'no space left on the device'
            : code === 'ENOENT'
              ? 'no folder can be created there'
              : code || error.message || String(cause);
  return new ParityError('REPORT_OUT_UNWRITABLE', `cannot write reports to ${dir}: ${why}`, { hint: 'pass --out a folder you can write to (it is created if missing)', cause });
}

/**
 * `mkdir -p`, without `fs.mkdir`'s `recursive` option: on Linux that retries forever, at full CPU
 * and deaf to SIGTERM, when a parent exists but refuses children with ENOENT (anything under
 * /proc, a dangling symlink). Here a parent is made once, the child tried once more, and a second
 * ENOENT is the answer.
 */
async function makeDirectory(path: string, created: string[]): Promise<void> {
  const made = await makeOne(path, created);
  if (made !== 'ENOENT') return;
  const parent = dirname(path);
  if (parent === path) throw Object.assign(new Error(`cannot create ${path}`), { code: 'ENOENT' });
  await makeDirectory(parent, created);
  const again = await makeOne(path, created);
  if (again === 'ENOENT') throw Object.assign(new Error(`cannot create ${path}: its parent refuses new folders`), { code: 'ENOENT' });
}

/** Creates one folder; a folder already there is fine, a missing parent is returned, anything else thrown. */
async function makeOne(path: string, created: string[]): Promise<'done' | 'ENOENT'> {
  try {
    await mkdir(path);
    created.push(path);
    return 'done';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'ENOENT';
    if (code === 'EEXIST' && (await stat(path).then((s) => s.isDirectory(), () => false))) return 'done';
    throw error;
  }
}
