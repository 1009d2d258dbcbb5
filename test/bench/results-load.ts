/**
 * The results benchmark's fixture: a fresh SQLite file with `count` synthetic resident responses
 * to "Minun arkeni ja elämäni" (tools/demo), stored the way the submit path stores them (the
 * `responses` row and the long `answers` rows from `prepareResponse`), but written in bulk: raw
 * prepared statements in large transactions, the secondary indexes dropped during the load and
 * made again after it from their own definitions, so the file ends with exactly the migrated
 * schema. Responses are generated one at a time and never held together.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { connect, migrateToLatest } from '../../db/connect.ts';
import { projectRoot } from '../../server/config.ts';
import { RESIDENT_SURVEY, residentResponses } from '../../tools/demo/index.ts';
import { loadGeography, type Geography } from '../../server/geography.ts';
import { prepareResponse } from '../../server/responses/submit.ts';
import { SurveyCatalog } from '../../server/surveys/catalog.ts';

export const BENCH_SEED = 2021;
// Responses per transaction.
const BATCH = 20_000;
// Answer rows per insert statement (fewer calls from JavaScript into SQLite).
const ANSWERS_PER_STATEMENT = 64;

export interface LoadFigures {
  readonly responses: number;
  readonly answerRows: number;
  /** Generating the responses and inserting them (secondary indexes dropped), ms. */
  readonly insertMs: number;
  /** Making the secondary indexes again, ms. */
  readonly indexMs: number;
  /** Everything: migrating, opening the catalog, inserting, indexing, ms. */
  readonly totalMs: number;
  readonly fileBytes: number;
}

export function benchGeography(): Geography {
  return loadGeography(path.join(projectRoot, 'surveys/geography/municipalities.csv'));
}

/** Fills `file` (which must not exist) with `count` resident responses; the survey files are the real `surveys/` folder. */
export async function loadResidents(file: string, count: number, geography = benchGeography()): Promise<LoadFigures> {
  const started = performance.now();
  const db = connect(file);
  let catalog: SurveyCatalog;
  try {
    await migrateToLatest(db);
    catalog = await SurveyCatalog.open(db.kysely, path.join(projectRoot, 'surveys'), geography);
  } finally {
    await db.close();
  }
  const survey = catalog.get(RESIDENT_SURVEY);
  if (!survey) throw new Error(`surveys/ has no '${RESIDENT_SURVEY}'`);

  const raw = new SQLite(file);
  let answerRows = 0;
  let insertMs = 0;
  let indexMs = 0;
  try {
    // A fixture, not a product path: no fsync and no foreign-key checks while loading.
    raw.pragma('journal_mode = OFF');
    raw.pragma('synchronous = OFF');
    raw.pragma('foreign_keys = OFF');
    raw.pragma('cache_size = -262144');
    const indexes = raw
      .prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name in ('responses', 'answers') and sql is not null`)
      .all() as { name: string; sql: string }[];
    for (const i of indexes) raw.exec(`drop index "${i.name}"`);

    const insertResponse = raw.prepare(
      `insert into responses (id, survey_id, survey_version, link_id, municipality_code, channel, locale, started_at, submitted_at, digest, data, synthetic, stored_at)
       values (?, ?, ?, null, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
    );
    const answerSql = (rows: number) => `insert into answers (response_id, survey_id, survey_version, question, value, num) values ${Array(rows).fill('(?, ?, ?, ?, ?, ?)').join(', ')}`;
    const insertAnswer = raw.prepare(answerSql(1));
    const insertAnswers = raw.prepare(answerSql(ANSWERS_PER_STATEMENT));
    const pending: unknown[] = [];
    type Ready = Extract<ReturnType<typeof prepareResponse>, { kind: 'ready' }>;
    const write = raw.transaction((batch: Ready[]) => {
      for (const { row, answers } of batch) {
        // The data stands for a survey collected in 2021, stored as it came in (not "just now",
        // which would make the index treat a million responses as recent arrivals).
        insertResponse.run(row.id, row.survey_id, row.survey_version, row.municipality_code, row.channel, row.locale, row.started_at, row.submitted_at, row.digest, row.data, row.submitted_at);
        for (const a of answers) {
          pending.push(row.id, row.survey_id, row.survey_version, a.question, a.value, a.num ?? null);
          if (pending.length === ANSWERS_PER_STATEMENT * 6) {
            insertAnswers.run(pending);
            pending.length = 0;
          }
        }
        answerRows += answers.length;
      }
      for (let i = 0; i < pending.length; i += 6) insertAnswer.run(pending.slice(i, i + 6));
      pending.length = 0;
    });

    const inserting = performance.now();
    let batch: Ready[] = [];
    for (const response of residentResponses({ seed: BENCH_SEED, count, geography })) {
      const prepared = prepareResponse(
        survey,
        { id: response.id, data: response.data, locale: response.locale, startedAt: response.startedAt },
        { channel: response.channel, submittedAt: new Date(response.submittedAt), validate: false },
        geography,
      );
      if (prepared.kind !== 'ready') throw new Error(`generated response ${response.id} was refused: ${JSON.stringify(prepared.errors)}`);
      batch.push(prepared);
      if (batch.length >= BATCH) {
        write(batch);
        batch = [];
      }
    }
    if (batch.length > 0) write(batch);
    insertMs = performance.now() - inserting;

    const indexing = performance.now();
    for (const i of indexes) raw.exec(i.sql);
    indexMs = performance.now() - indexing;
    // The SQL baseline's GROUP BY over (survey, question) gets the index a SQL-only design would keep;
    // the server dropped it (every submission paid for it, and its results come from memory).
    raw.exec('create index if not exists answers_tally_idx on answers (survey_id, question, value)');
    raw.pragma('journal_mode = WAL');
  } finally {
    raw.close();
    catalog.dispose();
  }
  const { size } = fs.statSync(file);
  return { responses: count, answerRows, insertMs, indexMs, totalMs: performance.now() - started, fileBytes: size };
}
