/**
 * The capture file format. Version 2. A newer Parity adds a migration here and bumps the version;
 * an older Parity refuses a file whose version it does not know. A version-1 file is read as it
 * is (the columns v2 added read as null); it is migrated only when opened for writing.
 */
export const SCHEMA_VERSION = 2;

/** SQLite `application_id` ("PRTY"): marks the file as a Parity capture before any table is read. */
export const APPLICATION_ID = 0x50525459;

export const FORMAT_NAME = 'parity-capture';

/** Migration `i` takes a file from version `i` to `i + 1`; index 0 creates version 1. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  CREATE TABLE exchanges (
    seq                INTEGER PRIMARY KEY,
    recorded_at        INTEGER NOT NULL,
    method             TEXT    NOT NULL,
    path               TEXT    NOT NULL,
    query              TEXT    NOT NULL,
    request_headers    TEXT    NOT NULL,
    request_body       BLOB    NOT NULL,
    request_truncated  INTEGER NOT NULL,
    status             INTEGER,
    response_headers   TEXT,
    response_body      BLOB,
    response_truncated INTEGER NOT NULL,
    upstream_error     TEXT,
    latency_us         INTEGER NOT NULL,
    tags               TEXT    NOT NULL
  ) STRICT;

  CREATE INDEX exchanges_by_path ON exchanges (path);
  `,
  // v2: a truncated body's whole length and SHA-256, so cut bodies compare by them (null when kept whole).
  `
  ALTER TABLE exchanges ADD COLUMN request_full_length  INTEGER;
  ALTER TABLE exchanges ADD COLUMN request_sha256       TEXT;
  ALTER TABLE exchanges ADD COLUMN response_full_length INTEGER;
  ALTER TABLE exchanges ADD COLUMN response_sha256      TEXT;
  `,
];
