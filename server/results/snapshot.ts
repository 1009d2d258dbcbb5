/**
 * A results index's columns saved to a file, so that a restart loads them in a second instead of
 * reading every answer row again (about 70 s at a million responses). The file is a cache: the
 * database stays the source of truth, a snapshot is used only when it is checked against the
 * database, and anything doubtful (another survey version, responses deleted since, rows missing,
 * a damaged file) sends the index back to a build from the database.
 *
 * Layout: 8 bytes magic, 4 bytes header length (LE), 32 bytes SHA-256 of everything after them,
 * the header as JSON, zero padding to 8 bytes, then the typed arrays' first `size` rows one after
 * another, each padded to 8 bytes. Written by hand: the format is a few typed arrays and a JSON
 * header, and reading them back as views of one buffer is what makes loading fast.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Column } from './columns.ts';

const MAGIC = Buffer.from('KUULOIX1', 'latin1');
const PREFIX = MAGIC.length + 4 + 32;
// Hashing a large file a piece at a time, with a turn of the event loop between pieces.
const HASH_PIECE = 4 * 1024 * 1024;

export type ArrayType = 'u8' | 'u16' | 'u32' | 'f64';
type Typed = Uint8Array | Uint16Array | Uint32Array | Float64Array;

/** One column as saved: its kind, its dictionary and its arrays (per word or ranked item for masks and ranks). */
export interface SavedColumn {
  readonly key: string;
  readonly kind: Column['kind'];
  readonly dictionary: readonly string[];
  readonly arrays: number;
}

export interface SnapshotHeader {
  readonly format: 1;
  readonly surveyId: string;
  /** SHA-256 of the survey's versions and definitions the index was built with. */
  readonly definitions: string;
  /** The survey's deletion generation when the index was loaded. */
  readonly generation: number;
  readonly size: number;
  /**
   * Every response stored (by stored_at) before this time had committed and is in the snapshot;
   * responses stored at or after it may or may not be (another instance commits a little late).
   */
  readonly completeBefore: number;
  readonly columns: readonly SavedColumn[];
  /** The arrays in payload order: their element type and length in elements. */
  readonly arrays: readonly { readonly type: ArrayType; readonly length: number }[];
  readonly writtenAt: string;
}

export interface Snapshot {
  readonly header: SnapshotHeader;
  /** The arrays of `header.arrays`, views into the file's buffer. */
  readonly arrays: Typed[];
}

const CONSTRUCTORS = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, f64: Float64Array } as const;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const pad8 = (n: number) => (8 - (n % 8)) % 8;

export function typeOf(array: Typed): ArrayType {
  if (array instanceof Uint8Array) return 'u8';
  if (array instanceof Uint16Array) return 'u16';
  if (array instanceof Uint32Array) return 'u32';
  return 'f64';
}

async function hashPieces(pieces: readonly Uint8Array[]): Promise<Buffer> {
  const hash = crypto.createHash('sha256');
  for (const piece of pieces) {
    for (let at = 0; at < piece.byteLength; at += HASH_PIECE) {
      hash.update(piece.subarray(at, Math.min(piece.byteLength, at + HASH_PIECE)));
      await yieldToLoop();
    }
  }
  return hash.digest();
}

/**
 * The snapshots' folder: RESULTS_SNAPSHOT_DIR, or by default `results-snapshots` beside the SQLite
 * file (`data/results-snapshots` for PostgreSQL); none for an in-memory database or `off`.
 */
export function snapshotDir(configured: string | null | false, databaseUrl: string, projectRoot: string): string | null {
  if (configured === false) return null;
  if (configured !== null) return configured;
  if (databaseUrl === ':memory:') return null;
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return path.join(projectRoot, 'data/results-snapshots');
  return path.join(path.dirname(databaseUrl), 'results-snapshots');
}

/**
 * A short name of the database (PostgreSQL: host, port and database; SQLite: the file's name) in
 * each snapshot's file name, so that databases sharing a folder never read each other's files.
 */
export function databaseKey(databaseUrl: string): string {
  let name = path.basename(databaseUrl);
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    const url = new URL(databaseUrl);
    name = `${url.hostname}:${url.port}${url.pathname}`;
  }
  return crypto.createHash('sha256').update(name).digest('hex').slice(0, 12);
}

/** The file of a survey's snapshot in `dir` (the survey id made safe as a file name). */
export function snapshotFile(dir: string, databaseKey: string, surveyId: string): string {
  return path.join(dir, `${encodeURIComponent(surveyId).replaceAll('.', '%2E')}.${databaseKey}.results-index`);
}

/**
 * Writes the snapshot atomically: to a temporary file beside it, synced, then renamed over the old
 * one, so a reader (this instance after a crash, or another instance sharing the folder) sees the
 * old file or the new one, never half of one. `arrays` must hold exactly the rows to save.
 */
export async function writeSnapshot(file: string, header: SnapshotHeader, arrays: readonly Typed[]): Promise<number> {
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const pieces: Uint8Array[] = [headerBytes, new Uint8Array(pad8(PREFIX + headerBytes.length))];
  for (const array of arrays) {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    pieces.push(bytes, new Uint8Array(pad8(bytes.byteLength)));
  }
  const digest = await hashPieces(pieces);
  const prefix = Buffer.alloc(PREFIX);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(headerBytes.length, MAGIC.length);
  digest.copy(prefix, MAGIC.length + 4);
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}-${crypto.randomBytes(4).toString('hex')}.partial`;
  const handle = await fs.promises.open(temporary, 'w');
  let bytes = 0;
  try {
    for (const piece of [prefix, ...pieces]) {
      await handle.write(piece);
      bytes += piece.byteLength;
    }
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await fs.promises.rename(temporary, file);
  return bytes;
}

/** Why a snapshot file was not used (logged; the index is then built from the database). */
export class SnapshotRejected extends Error {}

/**
 * Reads and checks a snapshot file: magic, checksum, header shape and that the arrays fit the
 * file exactly. Null when there is no file. Throws SnapshotRejected for anything else that is wrong.
 */
export async function readSnapshot(file: string): Promise<Snapshot | null> {
  let buffer: Buffer;
  try {
    buffer = await fs.promises.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SnapshotRejected(`cannot read: ${(error as Error).message}`);
  }
  if (buffer.length < PREFIX || !buffer.subarray(0, MAGIC.length).equals(MAGIC)) throw new SnapshotRejected('not a results snapshot (or an unknown format)');
  const headerLength = buffer.readUInt32LE(MAGIC.length);
  if (PREFIX + headerLength > buffer.length) throw new SnapshotRejected('truncated header');
  const digest = await hashPieces([buffer.subarray(PREFIX)]);
  if (!digest.equals(buffer.subarray(MAGIC.length + 4, PREFIX))) throw new SnapshotRejected('checksum mismatch (a damaged or truncated file)');
  let header: SnapshotHeader;
  try {
    header = JSON.parse(buffer.subarray(PREFIX, PREFIX + headerLength).toString('utf8')) as SnapshotHeader;
  } catch {
    throw new SnapshotRejected('unreadable header');
  }
  if (header.format !== 1 || !Array.isArray(header.arrays) || !Array.isArray(header.columns)) throw new SnapshotRejected('unknown header');
  // Arrays are views at their offsets in the file, which are multiples of 8: a large file's buffer
  // is its own allocation (offset 0); otherwise it is copied once to one that is.
  let body: Uint8Array = buffer;
  if (buffer.byteOffset % 8 !== 0) {
    body = new Uint8Array(buffer.length);
    body.set(buffer);
  }
  let at = PREFIX + headerLength + pad8(PREFIX + headerLength);
  const arrays: Typed[] = [];
  for (const { type, length } of header.arrays) {
    if (typeof type !== 'string' || !Object.hasOwn(CONSTRUCTORS, type)) throw new SnapshotRejected('unknown array type in header');
    const Constructor = CONSTRUCTORS[type as ArrayType];
    if ( !Number.isSafeInteger(length) || length < 0) throw new SnapshotRejected('unknown array in header');
    const byteLength = length * Constructor.BYTES_PER_ELEMENT;
    if (at + byteLength > body.length) throw new SnapshotRejected('arrays run past the end of the file');
    arrays.push(new Constructor(body.buffer as ArrayBuffer, body.byteOffset + at, length));
    at += byteLength + pad8(byteLength);
  }
  if (at !== body.length) throw new SnapshotRejected('the file is longer than its arrays');
  return { header, arrays };
}

/** SHA-256 of a survey's versions and definitions: a snapshot is of exactly these. */
export function definitionsDigest(versions: readonly { version: number; definition: string }[]): string {
  const hash = crypto.createHash('sha256');
  for (const v of versions) hash.update(`${v.version}\n${v.definition.length}\n${v.definition}\n`);
  return hash.digest('hex');
}
