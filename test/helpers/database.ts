import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * A database of its own for one test file: a new SQLite file in a temporary folder, or, when
 * DATABASE_URL names a PostgreSQL server (as in CI's second run), a new database on that server.
 */
export async function freshDatabase(): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  if (base && /^postgres(ql)?:\/\//.test(base)) {
    const name = `kuulo_test_${crypto.randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async drop() {
        const client = new pg.Client({ connectionString: base });
        await client.connect();
        try {
          // An autovacuum worker busy on the test's new rows belongs to no role, and PostgreSQL 15
          // refuses to end it for a role without pg_signal_backend ("must be a member of the role whose
          // process is being terminated"): it finishes within moments, so try again a while.
          for (let attempt = 1; ; attempt++) {
            try {
              await client.query(`drop database if exists ${name} with (force)`);
              break;
            } catch (error) {
              const signalRefused = error instanceof Error && /pg_signal_backend/.test(error.message);
              if (!signalRefused || attempt >= 40) throw error;
              await new Promise((resolve) => setTimeout(resolve, 250));
            }
          }
        } finally {
          await client.end();
        }
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-test-'));
  return {
    url: path.join(dir, 'kuulo.db'),
    async drop() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function isPostgresRun(): boolean {
  return /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '');
}
