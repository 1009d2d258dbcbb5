/*
 * The results routes' answers are exactly their contract. The big ones (summary, question,
 * collection, …) are written with JSON.stringify rather than fast-json-stringify (which took
 * 15 times as long on a summary by municipality), and JSON.stringify writes whatever the service
 * returns. So every answer here is validated against its route's schema with every object closed:
 * a property the schema does not name (a field the service adds for the exports, say) fails, as
 * does a wrong type, a missing required property or a null where none is allowed. The cross-tab
 * keeps the filtering serialiser (its service adds the suppression reasons for the exports) and is
 * checked the same way, and against what fast-json-stringify writes from its schema as declared.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { TSchema } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fastJsonStringify from 'fast-json-stringify';
import { projectRoot } from '../../server/config.ts';
import { forWriting } from '../../server/http/serialiser.ts';
import { prepareResponse } from '../../server/responses/submit.ts';
import { Collection, Crosstab, OpenAnswers, QuestionResult, ResultsSurveys, SummaryResult, Variables } from '../../server/results/schemas.ts';
import { RESIDENT_SURVEY, residentResponses } from '../../tools/demo/index.ts';
import { benchGeography } from '../bench/results-load.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

const RESPONSES = 600;

let t: TestApp;
let admin: SignedIn;
const geography = benchGeography();

/** The schema with every object that names its properties closed to others (records stay open). */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, closed(v)])) : closed(value);
  if (out.type === 'object' && out.properties && !('additionalProperties' in out) && !('patternProperties' in out)) out.additionalProperties = false;
  return out;
}

const ajv = new Ajv({ allErrors: true, strict: false });
ajvFormats.default(ajv);
const validators = new Map<TSchema, ValidateFunction>();
function check(schema: TSchema, body: unknown): string[] {
  let validate = validators.get(schema);
  if (!validate) validators.set(schema, (validate = ajv.compile(closed(JSON.parse(JSON.stringify(schema))) as object)));
  return validate(body) ? [] : (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

const declaredWriter = fastJsonStringify(Crosstab as never);

async function get(url: string) {
  const res = await t.app.inject({ method: 'GET', url, headers: { ...admin.headers, 'accept-encoding': 'identity' } });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
  return JSON.parse(res.body) as unknown;
}

beforeAll(async () => {
  t = await buildTestApp({ [`${RESIDENT_SURVEY}.json`]: fs.readFileSync(path.join(projectRoot, 'surveys', `${RESIDENT_SURVEY}.json`), 'utf8') });
  const user = await addUser(t.app, { role: 'admin' });
  admin = await signIn(t.app, user.email);
  const survey = t.app.catalog.get(RESIDENT_SURVEY)!;
  const rows: Record<string, unknown>[] = [];
  const answers: Record<string, unknown>[] = [];
  for (const r of residentResponses({ seed: 11, count: RESPONSES, geography })) {
    const prepared = prepareResponse(survey, { id: r.id, data: r.data, locale: r.locale, startedAt: r.startedAt }, { channel: r.channel, submittedAt: new Date(r.submittedAt), validate: false }, geography);
    if (prepared.kind !== 'ready') throw new Error(`generated response refused: ${JSON.stringify(prepared.errors)}`);
    rows.push({ ...prepared.row, stored_at: prepared.row.submitted_at });
    answers.push(...prepared.answers.map((a) => ({ response_id: prepared.row.id, survey_id: prepared.row.survey_id, survey_version: prepared.row.survey_version, question: a.question, value: a.value, num: a.num ?? null })));
  }
  await t.app.db.kysely.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) await trx.insertInto('responses').values(rows.slice(i, i + 500) as never).execute();
    for (let i = 0; i < answers.length; i += 1000) await trx.insertInto('answers').values(answers.slice(i, i + 1000) as never).execute();
  });
}, 300_000);
afterAll(() => t?.close());

describe('results answers against their schemas, closed', () => {
  const base = `/api/results/${RESIDENT_SURVEY}`;
  const filters = ['ikaryhma:18_29,30_44', 'muutostarve:pieni_muutos,suuri_muutos'].map((f) => `filter=${encodeURIComponent(f)}`).join('&');

  it('the surveys, the collection and the questions', async () => {
    expect(check(ResultsSurveys, await get('/api/results/surveys'))).toEqual([]);
    expect(check(Collection, await get(`${base}/collection`))).toEqual([]);
    const variables = await get(`${base}/questions`);
    expect(check(Variables, variables)).toEqual([]);
    expect((variables as { questions: unknown[] }).questions.length).toBeGreaterThan(20);
  });

  it('summaries by municipality with filters, weighted, compared: small groups hidden (nulls) and shown', async () => {
    for (const query of [`groupBy=municipality&${filters}`, 'groupBy=area&weights=population', 'compare=564,305,Koillismaa&weights=population', '']) {
      const body = (await get(`${base}/summary?${query}`)) as { questions: { groups: { suppressed: boolean }[] }[] };
      expect(check(SummaryResult, body), query).toEqual([]);
      expect(body.questions.length, query).toBeGreaterThan(20);
    }
    // Both kinds of group were in what was checked: hidden ones (nulls in place of figures) and shown ones.
    const byMunicipality = (await get(`${base}/summary?groupBy=municipality`)) as { questions: { groups: { suppressed: boolean }[] }[] };
    const groups = byMunicipality.questions.flatMap((q) => q.groups);
    expect(groups.some((g) => g.suppressed)).toBe(true);
    expect(groups.some((g) => !g.suppressed)).toBe(true);
  });

  it('every question by area, weighted, and one by municipality with filters', async () => {
    const { questions } = (await get(`${base}/questions`)) as { questions: { key: string; kind: string }[] };
    for (const q of questions.filter((v) => v.kind !== 'text' && v.kind !== 'files')) {
      expect(check(QuestionResult, await get(`${base}/questions/${q.key}?groupBy=area&weights=population`)), q.key).toEqual([]);
    }
    expect(check(QuestionResult, await get(`${base}/questions/muutos_osa_alueet?groupBy=municipality&${filters}`))).toEqual([]);
    const text = questions.find((v) => v.kind === 'text');
    expect(text).toBeDefined();
    expect(check(OpenAnswers, await get(`${base}/open/${text!.key}`))).toEqual([]);
  });

  it('the cross-tab, plain and weighted, without the exports\' suppression reasons', async () => {
    for (const query of ['rows=ikaryhma&columns=muutostarve', 'rows=ikaryhma&columns=muutostarve&weights=population', `rows=muutostarve&columns=ikaryhma&${filters}`]) {
      const res = await t.app.inject({ method: 'GET', url: `${base}/crosstab?${query}`, headers: { ...admin.headers, 'accept-encoding': 'identity' } });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      expect(check(Crosstab, JSON.parse(res.body)), query).toEqual([]);
      // Written from the schema rewritten for writing (no Ajv per value), it is what the schema as
      // declared writes, byte for byte.
      expect(res.body, query).toBe(declaredWriter(JSON.parse(res.body)));
    }
    // Every union of the results' answers is one the rewrite writes without choosing a branch.
    for (const schema of [Crosstab, SummaryResult, QuestionResult, Collection, OpenAnswers]) expect(JSON.stringify(forWriting(schema))).not.toContain('anyOf');
  });
});
