import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { ParityError } from '../../src/core/errors.js';
import { createCapture, openCapture } from '../../src/store/index.js';
import { SCHEMA_VERSION } from '../../src/store/schema.js';
import { captureWith, exchangeOf } from '../helpers/exchanges.js';
import { tmpDir } from '../helpers/tmp.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ParityError) return error.code;
    throw error;
  }
  return undefined;
}

describe('createCapture', () => {
  test('creates the file with mode 0600 in WAL mode with a meta table', () => {
    const path = join(tmpDir(), 'new.db');
    const db = createCapture(path, { createdBy: 'parity 0.1.0', source: 'record' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const { meta, db: reopened } = openCapture(path, { readonly: true });
    reopened.close();
    expect(meta).toMatchObject({ format: 'parity-capture', schemaVersion: SCHEMA_VERSION, createdBy: 'parity 0.1.0', source: 'record' });
  });

  test('the WAL file is 0600 too', () => {
    const path = captureWith([]);
    const { db } = openCapture(path, { readonly: false });
    db.prepare("INSERT INTO meta VALUES ('x', 'y')").run();
    expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600);
    db.close();
  });

  test('never overwrites an existing file', () => {
    const path = captureWith([exchangeOf()]);
    expect(codeOf(() => createCapture(path, { createdBy: 't', source: 't' }))).toBe('CAPTURE_EXISTS');
    const { db } = openCapture(path, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM exchanges').get()).toEqual({ n: 1 });
    db.close();
  });

  test('a missing directory is CAPTURE_UNWRITABLE with a mkdir hint', () => {
    const path = join(tmpDir(), 'nope', 'x.db');
    try {
      createCapture(path, { createdBy: 't', source: 't' });
      expect.unreachable();
    } catch (error) {
      expect((error as ParityError).code).toBe('CAPTURE_UNWRITABLE');
      expect((error as ParityError).message).toContain('does not exist');
      expect((error as ParityError).hint).toContain('mkdir -p');
    }
  });
});

describe('openCapture refuses what it did not write', () => {
  test('a missing file', () => {
    expect(codeOf(() => openCapture(join(tmpDir(), 'missing.db'), { readonly: true }))).toBe('CAPTURE_NOT_FOUND');
  });

  test('a text file', () => {
    const path = join(tmpDir(), 'notes.db');
    writeFileSync(path, 'these are not the bytes you are looking for\n'.repeat(100));
    expect(codeOf(() => openCapture(path, { readonly: true }))).toBe('CAPTURE_FOREIGN');
  });

  test('a directory', () => {
    const path = join(tmpDir(), 'dir.db');
    mkdirSync(path);
    expect(codeOf(() => openCapture(path, { readonly: true }))).toBe('CAPTURE_FOREIGN');
  });

  test('a SQLite database that is not a capture', () => {
    const path = join(tmpDir(), 'other.db');
    const db = new Database(path);
    db.exec('CREATE TABLE meta (key TEXT, value TEXT); CREATE TABLE users (id INTEGER)');
    db.close();
    expect(codeOf(() => openCapture(path, { readonly: true }))).toBe('CAPTURE_FOREIGN');
  });

  test('a capture written by a newer Parity', () => {
    const path = captureWith([exchangeOf()]);
    const db = new Database(path);
    db.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(SCHEMA_VERSION + 1));
    db.close();
    expect(codeOf(() => openCapture(path, { readonly: true }))).toBe('CAPTURE_TOO_NEW');
    expect(codeOf(() => openCapture(path, { readonly: false }))).toBe('CAPTURE_TOO_NEW');
  });
});
