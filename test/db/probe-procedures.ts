// Procedures for test/db/group-commit.test.ts: imported by the database's writer thread as well as
// by the test, so this module only defines them.
import { sql, type Kysely } from 'kysely';
import { procedure } from '../../db/procedure.ts';
import type { Database } from '../../db/schema.ts';
import { ApiError, reviveApiError } from '../../server/api-error.ts';

export interface ProbeInput {
  readonly key: string;
  /** How the call fails after its insert: refused (an ApiError), a failed statement, or the whole transaction ended. */
  readonly fail?: 'refused' | 'statement' | 'transaction';
}

const probe = (trx: Kysely<Database>) => trx as unknown as Kysely<{ probe: { key: string; n: number } }>;

/** Inserts its key, then answers how many keys with its first letter there are (itself included). */
export const insertProbe = procedure<ProbeInput, number>(
  import.meta.url,
  'insertProbe',
  async (trx, input) => {
    await probe(trx).insertInto('probe').values({ key: input.key, n: 0 }).execute();
    if (input.fail === 'refused') throw new ApiError(409, 'probe_refused', `probe ${input.key} refused after its insert`);
    // The key of the call before it: a unique violation.
    if (input.fail === 'statement') await probe(trx).insertInto('probe').values({ key: `${input.key.slice(0, -1)}${Number(input.key.slice(-1)) - 1}`, n: 0 }).execute();
    if (input.fail === 'transaction') await sql`rollback`.execute(trx);
    const { n } = await probe(trx).selectFrom('probe').select((eb) => eb.fn.countAll<number>().as('n')).where('key', 'like', `${input.key[0]}%`).executeTakeFirstOrThrow();
    return Number(n);
  },
  reviveApiError,
);
