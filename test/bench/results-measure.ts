/**
 * One size of the results benchmark, in a process of its own (so its memory figures are its own):
 * opens the fixture database that results-load.ts filled, builds the results index, then times the
 * results service against hand-written SQL GROUP BYs over the same file. Run by results.ts as
 * `tsx --expose-gc test/bench/results-measure.ts <database file>`; prints one JSON line.
 */
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { connect } from '../../db/connect.ts';
import { tallyByMunicipalitySql } from '../../db/results.ts';
import type { Database } from '../../db/schema.ts';
import type { User } from '../../server/auth/users.ts';
import { projectRoot } from '../../server/config.ts';
import { RESIDENT_SURVEY } from '../../tools/demo/index.ts';
import { disclosureOf } from '../../server/results/disclosure.ts';
import { groupsOf } from '../../server/results/groups.ts';
import { parseSelection } from '../../server/results/query.ts';
import { questionFigures } from '../../server/results/question-result.ts';
import { ResultsService } from '../../server/results/service.ts';
import { selectRows } from '../../server/results/tally.ts';
import { SurveyCatalog } from '../../server/surveys/catalog.ts';
import { benchGeography } from './results-load.ts';

export const QUESTION = 'muutos_osa_alueet';
/** The two filters: age 18–44 and wanting a small or big change. */
export const FILTERS = [
  { key: 'ikaryhma', values: ['18_29', '30_44'] },
  { key: 'muutostarve', values: ['pieni_muutos', 'suuri_muutos'] },
] as const;
const FILTER_QUERY = FILTERS.map((f) => `${f.key}:${f.values.join(',')}`);

export type QueryName = 'sql' | 'sqlFiltered' | 'question' | 'questionFiltered' | 'summary' | 'summaryFiltered';

export interface Timing {
  /** Median of the timed runs, ms. */
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export interface MeasureFigures {
  readonly responses: number;
  readonly index: {
    /** The first `indexes.get`: reading every response and answer row and building the columns. */
    readonly buildMs: number;
    /** Rough bytes of the typed arrays (ResponseIndex.bytes()). */
    readonly bytes: number;
    /** After the build and a full GC, minus before it (external: typed arrays and other memory outside the JS heap). */
    readonly rssDelta: number;
    readonly heapUsedDelta: number;
    readonly externalDelta: number;
    /** Largest resident set of the measuring process so far (bytes): the build's peak. */
    readonly peakRss: number;
  };
  readonly queries: Record<QueryName, Timing>;
  /** Where the filtered question's and summary's time goes (medians, ms), from the exported parts the service is made of. */
  readonly parts: {
    readonly selectRowsFiltered: number;
    readonly questionFiguresOne: number;
    readonly questionFiguresAll: number;
    /** The slowest variables of the summary, ms each. */
    readonly slowestVariables: readonly { key: string; kind: string; ms: number }[];
  };
  /** Bytes of the filtered summary as JSON (what the API would send), and the median ms of JSON.stringify on it (not in the figures above). */
  readonly summaryJsonBytes: number;
  readonly summaryJsonMs: number;
  /** Each query's counts agreed with the SQL's (per municipality and category, where shown). */
  readonly checked: boolean;
}

const RUNS = Number(process.env.BENCH_RESULTS_RUNS ?? 7);
const SQL_RUNS = Number(process.env.BENCH_RESULTS_SQL_RUNS ?? 3);
// Timed SQL runs stop once this much time is spent (at least one run is always made).
const SQL_BUDGET_MS = Number(process.env.BENCH_RESULTS_SQL_BUDGET_S ?? 40) * 1000;

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** Median of `runs` timed runs after `warmups` untimed ones; stops early (after at least one) once `budgetMs` is spent. */
async function time(runs: number, warmups: number, run: () => Promise<unknown> | unknown, budgetMs = Infinity): Promise<Timing> {
  for (let i = 0; i < warmups; i++) await run();
  const ms: number[] = [];
  const started = performance.now();
  for (let i = 0; i < runs && (i === 0 || performance.now() - started < budgetMs); i++) {
    const at = performance.now();
    await run();
    ms.push(performance.now() - at);
  }
  runs = ms.length;
  ms.sort((a, b) => a - b);
  const mid = ms.length >> 1;
  const median = ms.length % 2 ? ms[mid]! : (ms[mid - 1]! + ms[mid]!) / 2;
  return { median, min: ms[0]!, max: ms[ms.length - 1]!, runs };
}

/**
 * The filtered tally written by hand: the same GROUP BY as tallyByMunicipalitySql, keeping the
 * responses that have an answer row for each filter question with one of the wanted values.
 */
export async function tallyFilteredSql(db: Kysely<Database>, surveyId: string, question: string) {
  const rows = await db
    .selectFrom('answers')
    .innerJoin('responses', 'responses.id', 'answers.response_id')
    .select(['responses.municipality_code', 'answers.value'])
    .select(sql<number>`count(distinct answers.response_id)`.as('responses'))
    .where('answers.survey_id', '=', surveyId)
    .where('answers.question', '=', question)
    .where((eb) =>
      eb.and(
        FILTERS.map((f) =>
          eb.exists(
            eb
              .selectFrom('answers as f')
              .select(sql.lit(1).as('one'))
              .whereRef('f.response_id', '=', 'answers.response_id')
              .where('f.survey_id', '=', surveyId)
              .where('f.question', '=', f.key)
              .where('f.value', 'in', [...f.values]),
          ),
        ),
      ),
    )
    .groupBy(['responses.municipality_code', 'answers.value'])
    .execute();
  return rows.map((r) => ({ ...r, responses: Number(r.responses) }));
}

type SqlRows = { municipality_code: string | null; value: string; responses: number }[];
type Groups = { key: string; level: string; suppressed: boolean; categories?: { value: string; count: number | null }[] }[];

/** Whether every shown count of the service's municipalities equals the SQL's. */
function agrees(groups: Groups, rows: SqlRows): boolean {
  const sqlCount = new Map(rows.map((r) => [`${r.municipality_code}\u0000${r.value}`, r.responses]));
  let compared = 0;
  for (const g of groups) {
    if (g.level !== 'municipality' || g.suppressed) continue;
    for (const c of g.categories ?? []) {
      if (c.count === null) continue;
      if ((sqlCount.get(`${g.key}\u0000${c.value}`) ?? 0) !== c.count) return false;
      compared++;
    }
  }
  return compared > 0;
}

export async function measure(file: string): Promise<MeasureFigures> {
  const geography = benchGeography();
  const db = connect(file);
  const catalog = await SurveyCatalog.open(db.kysely, path.join(projectRoot, 'surveys'), geography);
  try {
    const service = new ResultsService(db.kysely, catalog, geography);
    const analyst: User = { id: 'bench', email: 'bench@example.invalid', role: 'analyst', municipalities: [], areas: [], disabled: false, createdAt: new Date().toISOString() };

    gc();
    const before = process.memoryUsage();
    const building = performance.now();
    const index = await service.indexes.get(RESIDENT_SURVEY);
    const buildMs = performance.now() - building;
    const peakRss = process.resourceUsage().maxRSS * 1024;
    gc();
    const after = process.memoryUsage();

    const byMunicipality = { groupBy: 'municipality' as const };
    const filtered = { groupBy: 'municipality' as const, filter: FILTER_QUERY };
    const question = (q: typeof byMunicipality) => service.question(RESIDENT_SURVEY, QUESTION, q, analyst);
    const summary = (q: typeof byMunicipality) => service.summary(RESIDENT_SURVEY, q, analyst);

    // Correctness first: the figures timed are the right ones.
    const sqlRows = await tallyByMunicipalitySql(db.kysely, RESIDENT_SURVEY, QUESTION);
    const sqlFilteredRows = await tallyFilteredSql(db.kysely, RESIDENT_SURVEY, QUESTION);
    const checked =
      agrees((await question(byMunicipality)).groups as Groups, sqlRows) &&
      agrees((await question(filtered)).groups as Groups, sqlFilteredRows) &&
      agrees((await summary(filtered)).questions.find((q) => q.question.key === QUESTION)!.groups as Groups, sqlFilteredRows);

    const queries: Record<QueryName, Timing> = {
      // The check above ran each SQL once: that was its warm-up. At 1M one run takes tens of seconds.
      sql: await time(SQL_RUNS, 0, () => tallyByMunicipalitySql(db.kysely, RESIDENT_SURVEY, QUESTION), SQL_BUDGET_MS),
      sqlFiltered: await time(SQL_RUNS, 0, () => tallyFilteredSql(db.kysely, RESIDENT_SURVEY, QUESTION), SQL_BUDGET_MS),
      question: await time(RUNS, 2, () => question(byMunicipality)),
      questionFiltered: await time(RUNS, 2, () => question(filtered)),
      summary: await time(RUNS, 1, () => summary(byMunicipality)),
      summaryFiltered: await time(RUNS, 1, () => summary(filtered)),
    };

    // The parts, called as the service calls them.
    const survey = catalog.get(RESIDENT_SURVEY)!;
    const groups = groupsOf(geography);
    const chosen = groups.filter((g) => g.level === 'county' || g.level === 'municipality');
    const selection = parseSelection(filtered);
    const keep = await selectRows(index, selection);
    const variable = index.variables.get(QUESTION)!;
    const disclosure = disclosureOf(index, geography, survey.meta.suppression);
    const figures = (v: typeof variable) => questionFigures(index, v, keep, groups, chosen, disclosure, survey.meta.suppression, null);
    const perVariable: { key: string; kind: string; ms: number }[] = [];
    for (const v of index.variables.values()) perVariable.push({ key: v.key, kind: v.kind, ms: (await time(3, 1, () => figures(v))).median });
    const parts = {
      selectRowsFiltered: (await time(RUNS, 2, () => selectRows(index, selection))).median,
      questionFiguresOne: (await time(RUNS, 2, () => figures(variable))).median,
      questionFiguresAll: perVariable.reduce((s, v) => s + v.ms, 0),
      slowestVariables: perVariable.sort((a, b) => b.ms - a.ms).slice(0, 5),
    };

    const filteredSummary = await summary(filtered);
    const summaryJson = JSON.stringify(filteredSummary);
    return {
      responses: index.size,
      index: {
        buildMs,
        bytes: index.bytes(),
        rssDelta: after.rss - before.rss,
        heapUsedDelta: after.heapUsed - before.heapUsed,
        externalDelta: after.external - before.external,
        peakRss,
      },
      queries,
      parts,
      summaryJsonBytes: Buffer.byteLength(summaryJson),
      summaryJsonMs: (await time(5, 1, () => JSON.stringify(filteredSummary))).median,
      checked,
    };
  } finally {
    catalog.dispose();
    await db.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(projectRoot, 'test/bench/results-measure.ts')) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: results-measure.ts <database file>');
  const figures = await measure(file);
  process.stdout.write(`RESULTS ${JSON.stringify(figures)}\n`);
}
