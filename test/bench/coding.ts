// Coding open answers at scale (BENCH_CODING_SIZE, default 100,000 answers on a temporary SQLite
// file): the coding view's next answer against a plain SQL query for the first uncoded answer, and
// the Finnish-stemmed search (what bulk coding runs) against a plain `LIKE` scan, in the same run.
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { buildTestApp } from '../helpers/app.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { addUser, signIn } from '../factories/users.ts';

const WORDS = ['Kirjasto on hyvä', 'Enemmän aukioloaikoja kirjastoon', 'Kirjastossa pitäisi olla tilaa', 'Bussit kulkevat harvoin', 'Liikuntapaikkoihin ja niiden maksuttomuuteen', 'Nuorten harrastusmahdollisuuksiin', 'En osaa sanoa'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchCoding(size = Number(process.env.BENCH_CODING_SIZE ?? 100_000)) {
  const t = await buildTestApp({ 'kysely.json': envelope('kysely', allTypesDefinition()) }, { config: { loginRateLimit: 100_000 } });
  try {
    const db = t.app.db.kysely;
    const now = new Date().toISOString();
    const data = JSON.stringify(allTypesAnswer());
    for (let start = 0; start < size; start += 500) {
      const ids = Array.from({ length: Math.min(500, size - start) }, () => crypto.randomUUID());
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('responses').values(ids.map((id) => ({ id, survey_id: 'kysely', survey_version: 1, link_id: null, municipality_code: '305', channel: 'web' as const, locale: 'fi', started_at: null, submitted_at: now, digest: id, data, synthetic: 1, stored_at: now }))).execute();
        await trx.insertInto('answers').values(ids.map((id, i) => ({ response_id: id, survey_id: 'kysely', survey_version: 1, question: 'avoin', value: `${WORDS[(start + i) % WORDS.length]} ${start + i}`, num: null }))).execute();
      });
    }
    const analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
    const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, headers: analyst.headers, ...(payload ? { payload } : {}) });
    const book = (await call('POST', '/api/coding/surveys/kysely/codebooks', { question: 'avoin' })).json().id as string;
    const code = (await call('POST', `/api/coding/codebooks/${book}/codes`, { name: { fi: 'Kirjasto', sv: 'Bibliotek', en: 'Library' } })).json().id as string;
    const userId = (await db.selectFrom('users').select('id').where('role', '=', 'analyst').executeTakeFirstOrThrow()).id;

    const next: number[] = [];
    const nextSql: number[] = [];
    for (let i = 0; i < 10; i++) {
      let start = performance.now();
      const answer = (await call('GET', `/api/coding/codebooks/${book}/next`)).json().answer;
      next.push(performance.now() - start);
      start = performance.now();
      await sql`select a.response_id, a.value from answers a left join coding_units u on u.codebook_id = ${book} and u.response_id = a.response_id and u.coder_id = ${userId}
        where a.survey_id = 'kysely' and a.question = 'avoin' and u.response_id is null order by a.response_id limit 1`.execute(db);
      nextSql.push(performance.now() - start);
      await call('PUT', `/api/coding/codebooks/${book}/answers/${answer.responseId}`, { status: 'coded', codes: [code] });
    }
    const search: number[] = [];
    const like: number[] = [];
    let found = 0;
    let likeFound = 0;
    // The first search builds the cached stem index (server/coding/stem-index.ts); later ones use it.
    let start = performance.now();
    await call('POST', `/api/coding/codebooks/${book}/search`, { search: 'kirjasto', limit: 1 });
    const firstSearchMs = performance.now() - start;
    for (let i = 0; i < 5; i++) {
      let start = performance.now();
      found = (await call('POST', `/api/coding/codebooks/${book}/search`, { search: 'kirjasto', limit: 1 })).json().total;
      search.push(performance.now() - start);
      start = performance.now();
      likeFound = (await sql<{ n: number }>`select count(*) as n from answers where survey_id = 'kysely' and question = 'avoin' and lower(value) like '%kirjasto%'`.execute(db)).rows[0]!.n;
      like.push(performance.now() - start);
    }
    // Answers arriving: the index adds only the new ones at the next search.
    const arrived: number[] = [];
    for (let i = 0; i < 5; i++) {
      const ids = Array.from({ length: 100 }, () => crypto.randomUUID());
      const at = new Date().toISOString();
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('responses').values(ids.map((id) => ({ id, survey_id: 'kysely', survey_version: 1, link_id: null, municipality_code: '305', channel: 'web' as const, locale: 'fi', started_at: null, submitted_at: at, digest: id, data, synthetic: 1, stored_at: at }))).execute();
        await trx.insertInto('answers').values(ids.map((id, k) => ({ response_id: id, survey_id: 'kysely', survey_version: 1, question: 'avoin', value: `Kirjastoon uusi ${i} ${k}`, num: null }))).execute();
      });
      // What a submission does to this process's own index (the catch-up would find them within a second).
      await (await t.app.results.indexes.ready('kysely')).catchUp(db);
      start = performance.now();
      await call('POST', `/api/coding/codebooks/${book}/search`, { search: 'kirjasto', limit: 1 });
      arrived.push(performance.now() - start);
    }
    // Bulk coding: the search, each match checked on its stored text, and the codes written.
    start = performance.now();
    const bulk = (await call('POST', `/api/coding/codebooks/${book}/bulk`, { search: 'bussi', code })).json();
    const bulkMs = performance.now() - start;
    start = performance.now();
    const likeBulk = (await sql<{ n: number }>`select count(*) as n from answers where survey_id = 'kysely' and question = 'avoin' and lower(value) like '%bussi%'`.execute(db)).rows[0]!.n;
    const likeBulkMs = performance.now() - start;
    return { size, nextMs: median(next), nextSqlMs: median(nextSql), searchMs: median(search), firstSearchMs, arrivedMs: median(arrived), likeMs: median(like), found, likeFound: Number(likeFound), bulkMs, likeBulkMs, bulkMatched: bulk.matched as number, likeBulk: Number(likeBulk) };
  } finally {
    await t.close();
  }
}

export function codingTable(r: Awaited<ReturnType<typeof benchCoding>>) {
  return {
    'next answer (ms)': { value: r.nextMs.toFixed(1), baseline: r.nextSqlMs.toFixed(1), ratio: (r.nextMs / r.nextSqlMs).toFixed(1), note: 'baseline: one SQL query for the first uncoded answer' },
    'stemmed search (ms)': { value: r.searchMs.toFixed(1), baseline: r.likeMs.toFixed(1), ratio: (r.searchMs / r.likeMs).toFixed(1), note: `baseline: LIKE scan; matches ${r.found} vs ${r.likeFound}` },
    'first search, builds the stem index (ms)': { value: r.firstSearchMs.toFixed(1), baseline: r.likeMs.toFixed(1), ratio: (r.firstSearchMs / r.likeMs).toFixed(1), note: 'once per question and process' },
    'search after 100 new answers (ms)': { value: r.arrivedMs.toFixed(1), baseline: r.likeMs.toFixed(1), ratio: (r.arrivedMs / r.likeMs).toFixed(1), note: 'the index adds only the new answers' },
    'bulk coding by search (ms)': { value: r.bulkMs.toFixed(1), baseline: r.likeBulkMs.toFixed(1), ratio: (r.bulkMs / r.likeBulkMs).toFixed(1), note: `baseline: LIKE count; coded ${r.bulkMatched} vs ${r.likeBulk} LIKE rows` },
  };
}
