import crypto from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';

let t: TestApp;
const now = new Date('2026-11-29T12:00:00.000Z');

beforeAll(async () => {
  t = await buildTestApp(
    {
      'kaikki.json': envelope('kaikki', allTypesDefinition(), { municipalityQuestion: 'kunta' }),
      'tuleva.json': envelope('tuleva', allTypesDefinition(), { opens: '2027-01-01T00:00:00Z' }),
      'paattynyt.json': envelope('paattynyt', allTypesDefinition(), { closes: '2026-01-01T00:00:00Z' }),
    },
    { clock: () => now },
  );
});
afterAll(async () => t.close());

const db = () => t.app.db.kysely;
async function counts() {
  const responses = await db().selectFrom('responses').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const answers = await db().selectFrom('answers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { responses: Number(responses.n), answers: Number(answers.n) };
}

function submit(data: Record<string, unknown>, overrides: Record<string, unknown> = {}, survey = 'kaikki') {
  return t.app.inject({
    method: 'POST',
    url: `/api/surveys/${survey}/responses`,
    payload: { id: crypto.randomUUID(), version: 1, data, locale: 'fi', ...overrides },
  });
}

beforeEach(async () => {
  await db().deleteFrom('answers').execute();
  await db().deleteFrom('responses').execute();
});

describe('reading surveys', () => {
  it('lists only the surveys that are open now', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/surveys' });
    expect(res.statusCode).toBe(200);
    expect(res.json().surveys.map((s: { id: string }) => s.id)).toEqual(['kaikki']);
  });

  it('gives one survey with its current version and whole definition', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/surveys/kaikki' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ id: 'kaikki', version: 1, status: 'open', municipalityQuestion: 'kunta' });
    expect(body.definition).toEqual(allTypesDefinition());
  });

  it('answers 404 with a code for an unknown survey', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/surveys/ei-ole' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('survey_not_found');
  });
});

describe('storing a valid response', () => {
  it('stores the response once with one answer row per answered value', async () => {
    const id = crypto.randomUUID();
    const res = await submit(allTypesAnswer(), { id, startedAt: '2026-11-29T11:50:00.000Z' });
    expect(res.statusCode).toBe(201);
    const { receipt } = res.json();
    expect(receipt).toMatchObject({ id, surveyId: 'kaikki', version: 1, submittedAt: now.toISOString() });
    expect(receipt.receiptCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    const response = await db().selectFrom('responses').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(response).toMatchObject({ survey_id: 'kaikki', survey_version: 1, municipality_code: '305', channel: 'web', locale: 'fi', started_at: '2026-11-29T11:50:00.000Z' });
    // The expression is computed by the server and stored with the answer.
    expect(JSON.parse(response.data).oppilaita_per_kuraattori).toBe(400);

    const rows = await db().selectFrom('answers').select(['question', 'value', 'num']).where('response_id', '=', id).execute();
    const sorted = rows.map((r) => `${r.question}=${r.value}${r.num === null ? '' : `#${r.num}`}`).sort();
    expect(sorted).toEqual(
      [
        'kunta=305#305',
        'ikaryhma=18-29',
        'suostumus=true#1',
        'elama=4#4',
        'muutos=pieni',
        'alueet=ihmissuhteet',
        'alueet=tyo',
        'alueet=other',
        'alueet-Comment=Liikkuminen',
        'tyytyvaisyys.terveys=4#4',
        'tyytyvaisyys.asuminen=2#2',
        'yhteistyo.koulu.taso=3#3',
        'yhteistyo.koulu.sopimus=suullinen',
        'oppilaat=1200#1200',
        'kuraattorit=3#3',
        'oppilaita_per_kuraattori=400#400',
        'yhteyshenkilo.nimi=Maija',
        'yhteyshenkilo.puhelin=040 123',
        'tarkeys=avustukset#1',
        'tarkeys=foorumit#2',
        'tarkeys=yhdyshenkilot#3',
        'avoin=Enemmän <b>harrastuksia</b> nuorille',
      ].sort(),
    );
  });

  it('keeps the conditional question out when it is not shown', async () => {
    const data = allTypesAnswer({ muutos: 'ei' });
    delete data.alueet;
    delete data['alueet-Comment'];
    const res = await submit(data);
    expect(res.statusCode).toBe(201);
    expect((await counts()).responses).toBe(1);
  });

  it('stores no municipality for the answer "muu"', async () => {
    const id = crypto.randomUUID();
    expect((await submit(allTypesAnswer({ kunta: 'muu' }), { id })).statusCode).toBe(201);
    const row = await db().selectFrom('responses').select('municipality_code').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.municipality_code).toBeNull();
  });

  it('stores no address of the respondent', async () => {
    const id = crypto.randomUUID();
    await t.app.inject({
      method: 'POST',
      url: '/api/surveys/kaikki/responses',
      remoteAddress: '203.0.113.77',
      headers: { 'x-forwarded-for': '198.51.100.9' },
      payload: { id, version: 1, data: allTypesAnswer(), locale: 'fi' },
    });
    const row = await db().selectFrom('responses').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toMatch(/203\.0\.113|198\.51\.100/);
  });
});

describe('rejecting an invalid response', () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['an unknown question', { tuntematon: 'x' }, 'tuntematon', 'unknown_question'],
    ['a choice not in the list', { ikaryhma: '10-12' }, 'ikaryhma', 'not_a_choice'],
    ['a number where text is expected', { avoin: 5 }, 'avoin', 'wrong_type'],
    ['text where a number is expected', { oppilaat: 'paljon' }, 'oppilaat', 'wrong_type'],
    ['a number out of range', { oppilaat: -1 }, 'oppilaat', 'out_of_range'],
    ['a rating out of range', { elama: 6 }, 'elama', 'out_of_range'],
    ['too many choices', { alueet: ['ihmissuhteet', 'tyo', 'talous', 'asunto'], 'alueet-Comment': undefined }, 'alueet', 'too_many_choices'],
    ['too few choices', { alueet: ['talous'], 'alueet-Comment': undefined }, 'alueet', 'too_few_choices'],
    ['an answer to a hidden question', { muutos: 'ei' }, 'alueet', 'hidden_question'],
    ['a text that is too long', { avoin: 'x'.repeat(501) }, 'avoin', 'too_long'],
    ['an unknown matrix row', { tyytyvaisyys: { ruoka: 3 } }, 'tyytyvaisyys', 'not_a_choice'],
    ['a ranking with an unknown item', { tarkeys: ['foorumit', 'lahjoitukset', 'avustukset'] }, 'tarkeys', 'not_a_choice'],
    ['a boolean as text', { suostumus: 'kyllä' }, 'suostumus', 'wrong_type'],
  ];

  it.each(cases)('rejects %s naming the question, storing nothing', async (_label, overrides, question, code) => {
    const data = allTypesAnswer(overrides);
    for (const [k, v] of Object.entries(overrides)) if (v === undefined) delete data[k];
    const res = await submit(data);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('invalid_answers');
    expect(body.error.questions).toContainEqual(expect.objectContaining({ question, code }));
    expect(await counts()).toEqual({ responses: 0, answers: 0 });
  });

  it('rejects a missing required answer', async () => {
    const data = allTypesAnswer();
    delete data.kunta;
    const res = await submit(data);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.questions).toContainEqual(expect.objectContaining({ question: 'kunta', code: 'required' }));
    expect(await counts()).toEqual({ responses: 0, answers: 0 });
  });

  it('lists every failing question, not only the first', async () => {
    const res = await submit(allTypesAnswer({ ikaryhma: 'x', elama: 0, tuntematon: 1 }));
    expect(res.statusCode).toBe(400);
    const names = res.json().error.questions.map((q: { question: string }) => q.question);
    expect(names).toEqual(expect.arrayContaining(['ikaryhma', 'elama', 'tuntematon']));
  });
});

describe('bad requests', () => {
  it('answers 404 for an unknown survey', async () => {
    const res = await submit(allTypesAnswer(), {}, 'ei-ole');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('survey_not_found');
  });

  it('refuses a closed survey and one not yet open with 403 and a code', async () => {
    const closed = await submit(allTypesAnswer(), {}, 'paattynyt');
    expect(closed.statusCode).toBe(403);
    expect(closed.json().error.code).toBe('survey_closed');
    const future = await submit(allTypesAnswer(), {}, 'tuleva');
    expect(future.statusCode).toBe(403);
    expect(future.json().error.code).toBe('survey_not_yet_open');
    expect((await counts()).responses).toBe(0);
  });

  it('answers 413 for an oversized body', async () => {
    const res = await submit(allTypesAnswer({ avoin: 'x'.repeat(t.config.bodyLimit + 10) }));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('body_too_large');
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/surveys/kaikki/responses', headers: { 'content-type': 'application/json' }, payload: '{"id": "x", ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('malformed_json');
  });

  it('answers 415 for a body that is not JSON', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/surveys/kaikki/responses', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    expect(res.statusCode).toBe(415);
  });

  it('names the malformed field of the envelope', async () => {
    const res = await submit(allTypesAnswer(), { id: 'not-a-uuid', locale: undefined });
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['body.id']));
  });

  it('answers 409 for a version the survey never had', async () => {
    const res = await submit(allTypesAnswer(), { version: 7 });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('unknown_version');
  });
});

describe('idempotency', () => {
  it('gives the first receipt back for a retry and stores nothing twice', async () => {
    const id = crypto.randomUUID();
    const first = await submit(allTypesAnswer(), { id });
    const again = await submit(allTypesAnswer(), { id });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().receipt).toEqual(first.json().receipt);
    const c = await counts();
    expect(c.responses).toBe(1);
    expect(c.answers).toBe(22);
  });

  it('stores exactly one of many identical submissions racing each other', async () => {
    const id = crypto.randomUUID();
    const results = await Promise.all(Array.from({ length: 12 }, () => submit(allTypesAnswer(), { id })));
    expect(results.map((r) => r.statusCode).sort((a, b) => a - b)).toEqual([...Array(11).fill(200), 201]);
    expect(new Set(results.map((r) => r.json().receipt.receiptCode)).size).toBe(1);
    expect((await counts()).responses).toBe(1);
    expect((await counts()).answers).toBe(22);
  });

  it('refuses a reused id with different answers', async () => {
    const id = crypto.randomUUID();
    await submit(allTypesAnswer(), { id });
    const res = await submit(allTypesAnswer({ elama: 1 }), { id });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('response_id_reused');
  });
});
