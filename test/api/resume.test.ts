import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';
import { adminSession, createInvitations, createLinks, setLifecycle, submitAnswer } from '../factories/distribution.ts';
import type { SignedIn } from '../factories/users.ts';

let t: TestApp;
let admin: SignedIn;
let now = new Date('2026-12-10T12:00:00.000Z');
const partial = { kunta: '305', ikaryhma: '18-29' };

beforeAll(async () => {
  t = await buildTestApp(
    { 'jatka.json': envelope('jatka', allTypesDefinition()), 'kiinni.json': envelope('kiinni', allTypesDefinition()) },
    { clock: () => now, config: { publicUrl: 'https://kuulo.example.fi', resumeDays: 14, submitRateLimit: 100_000, loginRateLimit: 100_000 } },
  );
  admin = await adminSession(t.app);
});
afterAll(async () => t.close());

const save = (body: Record<string, unknown>, survey = 'jatka') => t.app.inject({ method: 'POST', url: `/api/surveys/${survey}/drafts`, payload: body });
const resume = (code: string) => t.app.inject({ method: 'GET', url: `/api/drafts/${encodeURIComponent(code)}` });

describe('saving and resuming', () => {
  it('gives a typable code and a link, and keeps only a hash of the code', async () => {
    const res = await save({ data: partial, page: 1, locale: 'sv' });
    expect(res.statusCode).toBe(201);
    const { code, url, expiresAt } = res.json();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(url).toBe(`https://kuulo.example.fi/jatka/${code}`);
    expect(expiresAt).toBe('2026-12-24T12:00:00.000Z');
    const rows = await t.app.db.kysely.selectFrom('drafts').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(code.replaceAll('-', ''));
    expect(JSON.stringify(rows)).not.toContain(code);

    for (const typed of [code, code.replaceAll('-', ''), code.toLowerCase(), ` ${code.toLowerCase().replaceAll('-', ' ')} `]) {
      const back = await resume(typed);
      expect(back.statusCode, typed).toBe(200);
      expect(back.json()).toEqual({ survey: 'jatka', data: partial, page: 1, locale: 'sv', link: null, expiresAt });
    }
  });

  it('answers 404 for an unknown code and 410 for an expired one, which is then gone', async () => {
    expect((await resume('0000-0000-0000')).json().error.code).toBe('draft_not_found');
    expect((await resume('abc')).statusCode).toBe(400);
    const { code } = (await save({ data: partial, page: 0 })).json();
    now = new Date('2026-12-24T11:59:59.000Z');
    expect((await resume(code)).statusCode).toBe(200);
    now = new Date('2026-12-24T12:00:00.000Z');
    try {
      const expired = await resume(code);
      expect(expired.statusCode).toBe(410);
      expect(expired.json().error.code).toBe('draft_expired');
      expect((await resume(code)).statusCode).toBe(404);
    } finally {
      now = new Date('2026-12-10T12:00:00.000Z');
    }
  });

  it('deletes the draft once its response is stored', async () => {
    const { code } = (await save({ data: partial, page: 2 })).json();
    const res = await submitAnswer(t.app, 'jatka', allTypesAnswer(), { draft: code });
    expect(res.statusCode).toBe(201);
    expect((await resume(code)).statusCode).toBe(404);
  });

  it('checks the draft’s shape and size, not its answers', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ data: partial, page: -1 }, 'page'],
      [{ data: partial, page: 1.5 }, 'page'],
      [{ data: 'teksti', page: 0 }, 'data'],
      [{ data: [1, 2], page: 0 }, 'data'],
      [{ page: 0 }, 'data'],
      [{ data: partial, page: 0, extra: 1 }, 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await save(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.detail, JSON.stringify(body)).toMatch(new RegExp(field));
    }
    const big = await save({ data: { avoin: 'x'.repeat(210_000) }, page: 0 });
    expect(big.statusCode).toBe(400);
    expect(big.json().error.code).toBe('draft_too_large');
    // Answers that would not pass yet are fine in a draft: it is unfinished by nature.
    expect((await save({ data: { tuntematon: 1, kunta: 'ei-vaihtoehto' }, page: 0 })).statusCode).toBe(201);
    expect((await save({ data: partial, page: 0 }, 'ei-ole')).statusCode).toBe(404);
  });

  it('is refused for a survey that will not take the answer', async () => {
    await setLifecycle(t.app, admin, 'kiinni', { state: 'closed' });
    const res = await save({ data: partial, page: 0 }, 'kiinni');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('survey_closed');
  });
});

describe('an invitation’s draft', () => {
  it('waits behind its link: re-opening the link offers the latest, and answering clears it', async () => {
    const [invitation] = await createInvitations(t.app, admin, 'jatka', ['Kempele']);
    const token = invitation!.token;
    expect((await t.app.inject({ method: 'GET', url: `/api/links/${token}` })).json().draft).toBeNull();
    const first = await save({ data: { kunta: '305' }, page: 0, link: token });
    expect(first.statusCode).toBe(201);
    now = new Date('2026-12-11T12:00:00.000Z');
    const second = await save({ data: partial, page: 1, locale: 'fi', link: token });
    const landing = await t.app.inject({ method: 'GET', url: `/api/links/${token}` });
    expect(landing.json().draft).toEqual({ data: partial, page: 1, locale: 'fi', expiresAt: second.json().expiresAt });
    expect((await resume(second.json().code)).json().link).toBe(token);
    expect((await resume(first.json().code)).statusCode).toBe(404);

    // Another device answers with the invitation but without the code: the draft still goes.
    const res = await submitAnswer(t.app, 'jatka', allTypesAnswer(), { link: token });
    expect(res.statusCode).toBe(201);
    expect((await resume(second.json().code)).statusCode).toBe(404);
    const used = await t.app.inject({ method: 'GET', url: `/api/links/${token}` });
    expect(used.json()).toMatchObject({ status: 'used', draft: null });
    const late = await save({ data: partial, page: 0, link: token });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('invitation_used');
    now = new Date('2026-12-10T12:00:00.000Z');
  });

  it('offers nothing once expired', async () => {
    const [invitation] = await createInvitations(t.app, admin, 'jatka', ['Liminka']);
    await save({ data: partial, page: 1, link: invitation!.token });
    now = new Date('2027-01-30T00:00:00Z');
    try {
      expect((await t.app.inject({ method: 'GET', url: `/api/links/${invitation!.token}` })).json().draft).toBeNull();
    } finally {
      now = new Date('2026-12-10T12:00:00.000Z');
    }
    expect(await t.app.db.kysely.selectFrom('drafts').select('code_hash').where('link_token', '=', invitation!.token).execute()).toEqual([]);
  });

  it('rejects a link of another survey', async () => {
    const [invitation] = await createInvitations(t.app, admin, 'kiinni', ['Muhos']);
    const res = await save({ data: partial, page: 0, link: invitation!.token });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('link_wrong_survey');
  });
});

describe('a poster link’s draft', () => {
  it('keeps its link, is not offered to the next visitor, and is finished through it', async () => {
    const [link] = await createLinks(t.app, admin, 'jatka', { kind: 'municipality', municipalities: ['305'] });
    const token = link!.token;
    // Two residents who scanned the same poster each save their answers: both drafts stay.
    const mine = await save({ data: { ikaryhma: '18-29' }, page: 1, link: token });
    const theirs = await save({ data: { ikaryhma: '65+' }, page: 0, link: token });
    expect(mine.statusCode).toBe(201);
    expect(theirs.statusCode).toBe(201);
    expect((await resume(mine.json().code)).json()).toMatchObject({ survey: 'jatka', link: token, data: { ikaryhma: '18-29' } });
    expect((await resume(theirs.json().code)).json()).toMatchObject({ link: token, data: { ikaryhma: '65+' } });
    // Someone else opening the poster gets an empty form, not a stranger's answers.
    expect((await t.app.inject({ method: 'GET', url: `/api/links/${token}` })).json()).toMatchObject({ kind: 'municipality', status: 'open', draft: null });

    const res = await submitAnswer(t.app, 'jatka', allTypesAnswer(), { link: token, draft: mine.json().code });
    expect(res.statusCode, res.body).toBe(201);
    const row = await t.app.db.kysely.selectFrom('responses').select(['link_id', 'municipality_code']).where('id', '=', res.json().receipt.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ link_id: token, municipality_code: '305' });
    const [counted] = await t.app.db.kysely.selectFrom('links').select('responses').where('token', '=', token).execute();
    expect(counted!.responses).toBe(1);
    expect((await resume(mine.json().code)).statusCode).toBe(404);
    // The other resident's draft is untouched by this answer.
    expect((await resume(theirs.json().code)).statusCode).toBe(200);
  });

  it('keeps the public link too', async () => {
    const [link] = await createLinks(t.app, admin, 'jatka', { kind: 'public' });
    const saved = await save({ data: partial, page: 0, link: link!.token });
    expect((await resume(saved.json().code)).json().link).toBe(link!.token);
  });

  it('is refused once the link is closed', async () => {
    const [link] = await createLinks(t.app, admin, 'jatka', { kind: 'municipality', municipalities: ['564'] });
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/admin/links/${link!.token}`, headers: admin.headers, payload: { closed: true } });
    expect(patch.statusCode).toBe(200);
    const res = await save({ data: partial, page: 0, link: link!.token });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('link_closed');
  });
});
