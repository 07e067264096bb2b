import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ParityError } from '../core/errors.js';
import { keyFingerprint } from './key-fingerprint.js';
import { APPLICATION_ID, FORMAT_NAME, MIGRATIONS, SCHEMA_VERSION } from './schema.js';

export type CaptureDb = Database.Database;

/** The files SQLite keeps for a capture at `path`: the database and its WAL, shared-memory and rollback journal. */
export const CAPTURE_FILE_SUFFIXES = ['', '-wal', '-shm', '-journal'] as const;

/** Deletes a capture and the files SQLite keeps beside it; for a capture its creator abandons. */
export function removeCapture(path: string): void {
  for (const suffix of CAPTURE_FILE_SUFFIXES) rmSync(`${path}${suffix}`, { force: true });
}

export interface CaptureMeta {
  readonly format: string;
  readonly schemaVersion: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly source: string;
  /**
   * The redaction engine that cleaned every exchange before it was written (see
   * redact/redactor.ts, REDACTION_ENGINE), or '' for a capture written without one (by an older
   * Parity, or by a tool): what is read from it is then redacted on its way to any other file.
   */
  readonly redaction: string;
  /**
   * Which card-surrogate key the exchanges were redacted under (see key-fingerprint.ts), never the
   * key itself; '' for a capture from a Parity before fingerprints, or written without a key.
   * Captures merge only when their fingerprints are equal.
   */
  readonly keyFingerprint: string;
}

/** What a new capture's meta says of it. */
export interface NewCaptureDetails {
  readonly createdBy: string;
  readonly source: string;
  /** The redaction engine that cleans what is written (REDACTION_ENGINE). */
  readonly redaction?: string;
  /** The card-surrogate key the exchanges are redacted under: only its fingerprint is stored. */
  readonly redactionKey?: Uint8Array;
  /** The fingerprint itself, for a capture made from others (a merge), which holds no key. */
  readonly keyFingerprint?: string;
}

/**
 * Creates a new capture file, mode 0600 (captures hold customer traffic), in WAL mode.
 * Refuses to touch an existing file: recorded data is never overwritten.
 */
export function createCapture(path: string, details: NewCaptureDetails): CaptureDb {
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new ParityError('CAPTURE_EXISTS', `capture file already exists: ${path}`, { hint: 'choose another output path; existing captures are never overwritten', cause });
    const reason = code === 'ENOENT' ? `directory ${dirname(path)} does not exist` : code === 'EACCES' || code === 'EROFS' ? `directory ${dirname(path)} is not writable` : String(code ?? cause);
    throw new ParityError('CAPTURE_UNWRITABLE', `cannot create capture ${path}: ${reason}`, { hint: code === 'ENOENT' ? `mkdir -p ${dirname(path)}` : 'pick a directory you can write to', cause });
  }
  const db = new Database(path);
  configure(db);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.transaction(() => {
    migrate(db, 0);
    const insert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    insert.run('format', FORMAT_NAME);
    insert.run('created_at', new Date().toISOString());
    insert.run('created_by', details.createdBy);
    insert.run('source', details.source);
    if (details.redaction) insert.run('redaction', details.redaction);
    const fingerprint = details.keyFingerprint ?? (details.redactionKey ? keyFingerprint(details.redactionKey) : undefined);
    if (fingerprint) insert.run('key_fingerprint', fingerprint);
  })();
  return db;
}

/** Opens an existing capture, refusing files that are missing, foreign or from a newer Parity. */
export function openCapture(path: string, { readonly }: { readonly readonly: boolean }): { db: CaptureDb; meta: CaptureMeta } {
  assertFile(path);
  let db: CaptureDb;
  try {
    db = new Database(path, { readonly, fileMustExist: true });
  } catch (cause) {
    throw foreign(path, 'SQLite cannot open it', cause);
  }
  try {
    const appId = readApplicationId(db, path);
    if (appId !== APPLICATION_ID) throw foreign(path, 'a SQLite database, but not a capture');
    const meta = readMeta(db, path);
    if (meta.schemaVersion > SCHEMA_VERSION) {
      throw new ParityError('CAPTURE_TOO_NEW', `${path} is capture format v${meta.schemaVersion}; this Parity reads up to v${SCHEMA_VERSION}`, { hint: 'upgrade Parity to read it' });
    }
    if (!readonly) {
      configure(db);
      db.transaction(() => migrate(db, meta.schemaVersion))();
    }
    return { db, meta: { ...meta, schemaVersion: readonly ? meta.schemaVersion : SCHEMA_VERSION } };
  } catch (error) {
    db.close();
    throw error;
  }
}

function configure(db: CaptureDb): void {
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a committed batch survives a process crash; only an OS crash can lose the last one.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 50');
}

function migrate(db: CaptureDb, from: number): void {
  for (let version = from; version < SCHEMA_VERSION; version++) {
    const step = MIGRATIONS[version];
    if (step === undefined) throw new Error(`no migration from capture format v${version}`);
    db.exec(step);
  }
  db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(SCHEMA_VERSION));
}

function assertFile(path: string): void {
  let stats;
  try {
    stats = statSync(path);
  } catch (cause) {
    throw new ParityError('CAPTURE_NOT_FOUND', `capture file not found: ${path}`, { hint: 'record one with `parity record` or import one with `parity import`', cause });
  }
  if (!stats.isFile()) throw foreign(path, 'not a regular file');
}

function readApplicationId(db: CaptureDb, path: string): number {
  try {
    return db.pragma('application_id', { simple: true }) as number;
  } catch (cause) {
    throw foreign(path, 'not a SQLite database', cause);
  }
}

function readMeta(db: CaptureDb, path: string): Omit<CaptureMeta, never> {
  let rows: { key: string; value: string }[];
  try {
    rows = db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[];
  } catch (cause) {
    throw foreign(path, 'it has no meta table', cause);
  }
  const meta = new Map(rows.map((r) => [r.key, r.value]));
  const version = Number(meta.get('schema_version'));
  if (meta.get('format') !== FORMAT_NAME || !Number.isInteger(version)) throw foreign(path, 'its meta table does not name a Parity capture');
  return {
    format: FORMAT_NAME,
    schemaVersion: version,
    createdAt: meta.get('created_at') ?? '',
    createdBy: meta.get('created_by') ?? '',
    source: meta.get('source') ?? '',
    redaction: meta.get('redaction') ?? '',
    keyFingerprint: meta.get('key_fingerprint') ?? '',
  };
}

function foreign(path: string, why: string, cause?: unknown): ParityError {
  return new ParityError('CAPTURE_FOREIGN', `${path} is not a Parity capture: ${why}`, { hint: 'pass a capture written by `parity record` or `parity import`', cause });
}
