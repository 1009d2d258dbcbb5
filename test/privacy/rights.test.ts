import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletionGeneration } from '../../db/responses.ts';
import { RIGHTS_ERASE } from '../../server/privacy/rights.ts';
import { newRightsCode } from '../../server/privacy/rights-code.ts';
import { readEnvelope } from '../../server/surveys/envelope.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { isPostgresRun } from '../helpers/database.ts';
import { adminSession, countResponses, createInvitations, submitAnswer } from '../factories/distribution.ts';
import { envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';

/** A small form with Finnish, Swedish and English texts: a choice, a matrix and an open answer. */
function definition() {
  return {
    pages: [
      {
        name: 'p1',
        elements: [
          {
            type: 'radiogroup',
            name: 'vointi',
            title: { default: 'Miten voit?', sv: 'Hur mår du?', en: 'How are you?' },
            choices: [
              { value: 'hyvin', text: { default: 'Hyvin', sv: 'Bra', en: 'Well' } },
              { value: 'huonosti', text: { default: 'Huonosti', sv: 'Dåligt', en: 'Badly' } },
            ],
          },
          {
            type: 'matrix',
            name: 'tyytyvaisyys',
            title: { default: 'Kuinka tyytyväinen olet?', sv: 'Hur nöjd är du?', en: 'How satisfied are you?' },
            columns: [
              { value: 1, text: { default: 'Tyytymätön', sv: 'Missnöjd', en: 'Unsatisfied' } },
              { value: 2, text: { default: 'Tyytyväinen', sv: 'Nöjd', en: 'Satisfied' } },
            ],
            rows: [{ value: 'koulu', text: { default: 'Kouluun', sv: 'Med skolan', en: 'With school' } }],
          },
          { type: 'comment', name: 'avoin', title: { default: 'Kerro lisää', sv: 'Berätta mer', en: 'Tell us more' } },
        ],
      },
    ],
  };
}

const answer = (open = 'Kylän kirjasto on tärkeä') => ({ vointi: 'hyvin', tyytyvaisyys: { koulu: 2 }, avoin: open });

let t: TestApp;
let analyst: SignedIn;
let admin: SignedIn;

beforeAll(async () => {
  t = await buildTestApp(
    {
      'oikeudet.json': envelope('oikeudet', definition()),
      'anonyymi.json': envelope('anonyymi', definition(), { erasure: 'anonymise' }),
    },
    { config: { submitRateLimit: 100_000, loginRateLimit: 100_000 } },
  );
  analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
  admin = await adminSession(t.app);
});
afterAll(async () => t.close());

const lookup = (code: string, language?: string) =>
  t.app.inject({ method: 'POST', url: '/api/rights/answer', payload: { code, ...(language ? { language } : {}) } });
const erase = (code: string, confirm: unknown = true) => t.app.inject({ method: 'POST', url: '/api/rights/erasure', payload: { code, confirm } });

async function submitWithCode(survey: string, data = answer(), extra: Record<string, unknown> = {}) {
  const rightsCode = newRightsCode();
  const res = await submitAnswer(t.app, survey, data, { rightsCode, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return { rightsCode, receipt: res.json().receipt, id: res.json().receipt.id as string };
}

async function countyN(survey: string): Promise<number> {
  const res = await t.app.inject({ method: 'GET', url: `/api/results/${survey}/questions/vointi?groupBy=county`, headers: analyst.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().groups[0].n;
}

describe('the rights code', () => {
  it('comes back on the receipt, on a retry too, and only its SHA-256 is stored', async () => {
    const rightsCode = newRightsCode();
    expect(rightsCode).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){4}[0-9A-HJKMNP-TV-Z]{4}$/);
    const id = crypto.randomUUID();
    const body = { id, version: 1, data: answer(), locale: 'sv', rightsCode: rightsCode.toLowerCase() };
    const first = await t.app.inject({ method: 'POST', url: '/api/surveys/oikeudet/responses', payload: body });
    expect(first.statusCode).toBe(201);
    expect(first.json().receipt.rightsCode).toBe(rightsCode);
    // The receipt code stays what it was: a short quote, not a key.
    expect(first.json().receipt.receiptCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    const retry = await t.app.inject({ method: 'POST', url: '/api/surveys/oikeudet/responses', payload: body });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().receipt.rightsCode).toBe(rightsCode);
    // Someone repeating the answer with another code gets no code, and the stored one is unchanged.
    const other = await t.app.inject({ method: 'POST', url: '/api/surveys/oikeudet/responses', payload: { ...body, rightsCode: newRightsCode() } });
    expect(other.statusCode).toBe(200);
    expect(other.json().receipt.rightsCode).toBeNull();

    const rows = await t.app.db.kysely.selectFrom('rights_codes').selectAll().where('response_id', '=', id).execute();
    expect(rows).toHaveLength(1);
    const plain = rightsCode.replaceAll('-', '');
    expect(rows[0]!.code_hash).toBe(crypto.createHash('sha256').update(`kuulo-rights:${plain}`).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(plain);
    expect(JSON.stringify(await t.app.db.kysely.selectFrom('responses').selectAll().where('id', '=', id).execute())).not.toContain(plain);
  });

  it('is kept by the store procedure with its own answer, answers arriving together, and a code in use is not kept twice', async () => {
    const before = t.app.db.writes.stats;
    const codes = Array.from({ length: 6 }, () => newRightsCode());
    // The seventh answer names the first one's code.
    const bodies = [...codes, codes[0]!].map((rightsCode) => ({ id: crypto.randomUUID(), version: 1, data: answer(), locale: 'fi', rightsCode }));
    const answered = await Promise.all(bodies.map((payload) => t.app.inject({ method: 'POST', url: '/api/surveys/oikeudet/responses', payload })));
    expect(answered.map((r) => r.statusCode)).toEqual(Array(7).fill(201));
    const shown = answered.map((r) => r.json().receipt.rightsCode);
    // Arrival order within the batches: the first of the two answers with one code has it.
    expect(shown).toEqual([...codes, null]);
    const stored = await t.app.db.kysely.selectFrom('rights_codes').select('response_id').where('response_id', 'in', bodies.map((b) => b.id)).execute();
    expect(stored.map((r) => r.response_id).sort()).toEqual(bodies.slice(0, 6).map((b) => b.id).sort());
    // On a SQLite file every one of those batches ran whole on the writer's thread.
    const after = t.app.db.writes.stats;
    expect(after.onThread - before.onThread).toBe(isPostgresRun() ? 0 : after.batches - before.batches);
  });

  it('refuses a code that is not one by its form, and stores nothing', async () => {
    const before = await countResponses(t.app, 'oikeudet');
    const res = await submitAnswer(t.app, 'oikeudet', answer(), { rightsCode: 'UUUU-UUUU-UUUU-UUUU-UUUU' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_rights_code');
    expect(await countResponses(t.app, 'oikeudet')).toBe(before);
  });
});

describe('seeing one’s answer', () => {
  it('shows the questions and the answers in the respondent’s language, or the one asked for', async () => {
    const { rightsCode, receipt } = await submitWithCode('oikeudet', answer(), { locale: 'sv' });
    const res = await lookup(rightsCode.replaceAll('-', ' ').toLowerCase());
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    expect(view).toMatchObject({ surveyId: 'oikeudet', title: 'Enkät oikeudet', language: 'sv', via: 'rights_code', erasure: 'delete', receiptCode: receipt.receiptCode });
    expect(view.languages).toEqual(['fi', 'sv', 'en']);
    expect(view.answers).toEqual([
      { name: 'vointi', question: 'Hur mår du?', answer: ['Bra'] },
      { name: 'tyytyvaisyys', question: 'Hur nöjd är du?', answer: ['Med skolan: Nöjd'] },
      { name: 'avoin', question: 'Berätta mer', answer: ['Kylän kirjasto on tärkeä'] },
    ]);
    const fi = (await lookup(rightsCode, 'fi')).json();
    expect(fi.answers[0]).toEqual({ name: 'vointi', question: 'Miten voit?', answer: ['Hyvin'] });
    expect((await lookup(rightsCode, 'en')).json().answers[1].answer).toEqual(['With school: Satisfied']);
  });

  it('answers an unknown code as it answers an erased one, and a malformed one with 400', async () => {
    const unknown = await lookup(newRightsCode());
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('rights_code_not_found');
    const malformed = await lookup('12345');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('invalid_rights_code');
    expect((await lookup('x'.repeat(201))).statusCode).toBe(400);
  });

  it('opens an invitation’s answer with its link or token, and nothing with an unanswered one', async () => {
    const [used, unused] = await createInvitations(t.app, admin, 'oikeudet', ['Koulu A', 'Koulu B']);
    const stored = await submitAnswer(t.app, 'oikeudet', answer('Kutsusta'), { link: used!.token });
    expect(stored.statusCode, stored.body).toBe(201);
    for (const code of [used!.url, used!.token]) {
      const res = await lookup(code, 'fi');
      expect(res.statusCode, code).toBe(200);
      expect(res.json()).toMatchObject({ via: 'invitation' });
      expect(res.json().answers[2].answer).toEqual(['Kutsusta']);
    }
    const none = await lookup(unused!.url);
    expect(none.statusCode).toBe(404);
    expect(none.json().error).toMatchObject({ code: 'rights_code_not_found' });
  });
});

describe('erasure', () => {
  it('needs the explicit confirmation, then erases the answer; results, the audit log and the code follow', async () => {
    for (let i = 0; i < 11; i++) await submitWithCode('oikeudet', answer(`täyte ${i}`));
    const { rightsCode, id } = await submitWithCode('oikeudet', answer('Minun oma salaisuuteni'));
    const before = await countyN('oikeudet');
    const count = await countResponses(t.app, 'oikeudet');
    const generation = await deletionGeneration(t.app.db.kysely, 'oikeudet');

    const unconfirmed = await erase(rightsCode, false);
    expect(unconfirmed.statusCode).toBe(400);
    expect(await countResponses(t.app, 'oikeudet')).toBe(count);

    const res = await erase(rightsCode);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ surveyId: 'oikeudet', outcome: 'deleted' });
    expect(await countResponses(t.app, 'oikeudet')).toBe(count - 1);
    expect(await t.app.db.kysely.selectFrom('answers').select('response_id').where('response_id', '=', id).execute()).toEqual([]);
    expect(await t.app.db.kysely.selectFrom('rights_codes').select('response_id').where('response_id', '=', id).execute()).toEqual([]);
    expect(await countyN('oikeudet')).toBe(before - 1);
    // The survey's deletion generation moved: other instances' indexes reload, older snapshots are refused.
    expect(await deletionGeneration(t.app.db.kysely, 'oikeudet')).toBeGreaterThan(generation);

    const audit = await t.app.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', RIGHTS_ERASE).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ target: 'oikeudet', actor_id: null });
    expect(JSON.parse(audit[0]!.details)).toEqual({ outcome: 'deleted', via: 'rights_code', responses: 1, answers: 3 });
    expect(JSON.stringify(audit)).not.toContain('salaisuuteni');
    expect(JSON.stringify(audit)).not.toContain(id);

    // Gone: the same answer as a code that never existed, for viewing and for erasing again.
    const again = await lookup(rightsCode);
    const never = await lookup(newRightsCode());
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe(never.json().error.code);
    expect(again.json().error.message).toBe(never.json().error.message);
    expect((await erase(rightsCode)).statusCode).toBe(404);
  });

  it('keeps the answer anonymised where the survey says so: it counts, and nothing opens it any more', async () => {
    const [invitation] = await createInvitations(t.app, admin, 'anonyymi', ['Koulu C']);
    const rightsCode = newRightsCode();
    const stored = await submitAnswer(t.app, 'anonyymi', answer('Soita minulle numeroon 040 1234567'), { link: invitation!.token, rightsCode, locale: 'fi' });
    expect(stored.statusCode, stored.body).toBe(201);
    expect((await lookup(rightsCode)).json().erasure).toBe('anonymise');
    const count = await countResponses(t.app, 'anonyymi');

    const res = await erase(invitation!.url);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().outcome).toBe('anonymised');
    expect(await countResponses(t.app, 'anonyymi')).toBe(count);
    // Kept, without the phone number in its open answer and with its time coarsened to the week's start.
    const id = stored.json().receipt.id as string;
    const kept = await t.app.db.kysely.selectFrom('responses').select(['data', 'submitted_at']).where('id', '=', id).executeTakeFirstOrThrow();
    const row = await t.app.db.kysely.selectFrom('answers').select('value').where('response_id', '=', id).where('question', '=', 'avoin').executeTakeFirstOrThrow();
    expect(kept.data).not.toContain('040 1234567');
    expect(row.value).not.toContain('040 1234567');
    expect(row.value).toMatch(/^Soita minulle numeroon \[/);
    expect(kept.submitted_at).not.toBe(stored.json().receipt.submittedAt);
    expect((await lookup(rightsCode)).statusCode).toBe(404);
    expect((await lookup(invitation!.url)).statusCode).toBe(404);
    // The invitation stays used: it cannot answer a second time.
    const second = await submitAnswer(t.app, 'anonyymi', answer(), { link: invitation!.token });
    expect(second.statusCode).toBe(409);
    const audit = await t.app.db.kysely.selectFrom('audit_log').select('details').where('action', '=', RIGHTS_ERASE).where('target', '=', 'anonyymi').execute();
    expect(audit.map((a) => JSON.parse(a.details))).toEqual([{ outcome: 'anonymised', via: 'invitation', responses: 1, rightsCodes: 1, invitations: 1, texts: 1, timestamps: 1 }]);
  });
});

describe('the survey file’s erasure policy', () => {
  it('is delete unless the file says anonymise, and a wrong value stops the load naming the field', () => {
    const plain = readEnvelope(envelope('a', definition()), 'a');
    expect('meta' in plain && plain.meta.erasure).toBeUndefined();
    const kept = readEnvelope(envelope('a', definition(), { erasure: 'anonymise' }), 'a');
    expect('meta' in kept && kept.meta.erasure).toBe('anonymise');
    const wrong = readEnvelope(envelope('a', definition(), { erasure: 'forget' }), 'a');
    expect('problems' in wrong && wrong.problems.join(' ')).toMatch(/^erasure /);
  });
});

describe('rate limit', () => {
  it('counts lookups and erasures per client address', async () => {
    const limited = await buildTestApp({ 'oikeudet.json': envelope('oikeudet', definition()) }, { config: { loginRateLimit: 3 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) codes.push((await limited.app.inject({ method: 'POST', url: '/api/rights/answer', payload: { code: newRightsCode() } })).statusCode);
      expect(codes).toEqual([404, 404, 404, 429]);
    } finally {
      await limited.close();
    }
  });
});
