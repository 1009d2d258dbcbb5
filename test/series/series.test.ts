import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';
import { envelope } from '../factories/surveys.ts';

// Two waves of a series: in 2025 the age question is renamed and two of its old choices are merged
// into one, and a satisfaction scale is new. The mapping an author keeps is checked against both waves.

const wave2021 = envelope(
  'asukkaat-2021',
  {
    elements: [
      { type: 'radiogroup', name: 'ika', title: 'Ikäryhmä', choices: ['13-17', '18-29', '30-64', '65+'] },
      { type: 'checkbox', name: 'alueet', title: 'Alueet', choices: ['liikunta', 'kulttuuri', 'nuoriso'] },
      { type: 'rating', name: 'arvio', rateMin: 1, rateMax: 5 },
    ],
  },
  { series: { id: 'asukaskysely', wave: '2021' } },
);
const wave2025 = envelope(
  'asukkaat-2025',
  {
    elements: [
      { type: 'radiogroup', name: 'ikaryhma', title: 'Ikäryhmä', choices: ['alle-30', '30-64', '65+'] },
      { type: 'checkbox', name: 'alueet', title: 'Alueet', choices: ['liikunta', 'kulttuuri', 'nuoriso', 'digi'] },
      { type: 'rating', name: 'arvio', rateMin: 0, rateMax: 10 },
      { type: 'text', name: 'uusi', title: 'Uusi kysymys' },
    ],
  },
  { series: { id: 'asukaskysely', wave: '2025' } },
);

let t: TestApp;
let author: SignedIn;
let analyst: SignedIn;
const URL = '/api/authoring/series/asukaskysely/mappings/asukkaat-2021/asukkaat-2025';

beforeAll(async () => {
  t = await buildTestApp({ 'asukkaat-2021.json': wave2021, 'asukkaat-2025.json': wave2025, 'yksin.json': envelope('yksin', { elements: [{ type: 'text', name: 'a' }] }) });
  author = await signIn(t.app, (await addUser(t.app, { role: 'author' })).email);
  analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
});
afterAll(async () => t.close());

describe('survey series', () => {
  it('lists the waves of each series in order, and leaves a survey outside any series out', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/authoring/series', headers: author.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      series: [{ id: 'asukaskysely', waves: [{ survey: 'asukkaat-2021', wave: '2021', title: 'Kysely asukkaat-2021' }, { survey: 'asukkaat-2025', wave: '2025', title: 'Kysely asukkaat-2025' }] }],
    });
  });

  it('links questions by name by default, comparable only when every earlier choice still exists', async () => {
    const res = await t.app.inject({ method: 'GET', url: URL, headers: author.headers });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.updatedAt).toBeNull();
    expect(body.questions).toEqual([
      { question: 'ikaryhma', from: null, comparable: false, note: 'not asked in the earlier wave', source: 'default' },
      { question: 'alueet', from: 'alueet', comparable: true, source: 'default' },
      { question: 'arvio', from: 'arvio', comparable: true, source: 'default' },
      { question: 'uusi', from: null, comparable: false, note: 'not asked in the earlier wave', source: 'default' },
    ]);
  });

  it('saves a renamed question with two old choices merged into one, and a scale marked not comparable', async () => {
    const mapping = {
      questions: [
        { question: 'ikaryhma', from: 'ika', comparable: true, choices: { '13-17': 'alle-30', '18-29': 'alle-30' } },
        { question: 'arvio', from: 'arvio', comparable: false, note: 'asteikko 1–5 vaihtui asteikkoon 0–10' },
      ],
    };
    const res = await t.app.inject({ method: 'PUT', url: URL, headers: author.headers, payload: mapping });
    expect(res.statusCode, res.body).toBe(200);
    const again = (await t.app.inject({ method: 'GET', url: URL, headers: author.headers })).json();
    expect(again.updatedAt).not.toBeNull();
    expect(again.questions).toEqual([
      { ...mapping.questions[0], source: 'saved' },
      { question: 'alueet', from: 'alueet', comparable: true, source: 'default' },
      { ...mapping.questions[1], source: 'saved' },
      { question: 'uusi', from: null, comparable: false, note: 'not asked in the earlier wave', source: 'default' },
    ]);
  });

  it('refuses a mapping with unknown questions or choices, naming each, and keeps the saved one', async () => {
    const before = (await t.app.inject({ method: 'GET', url: URL, headers: author.headers })).json();
    const res = await t.app.inject({
      method: 'PUT',
      url: URL,
      headers: author.headers,
      payload: {
        questions: [
          { question: 'ikaryhma', from: 'ika', comparable: true, choices: { '13-17': 'nuoret', '0-12': 'alle-30' } },
          { question: 'kunta', from: 'kunta', comparable: true },
          { question: 'alueet', from: 'alueetx', comparable: true },
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    const { code, detail } = res.json().error;
    expect(code).toBe('invalid_wave_mapping');
    expect(detail).toContain("'13-17' is recoded to 'nuoret', which is not a choice of 'ikaryhma' in wave 2025");
    expect(detail).toContain("'0-12' is not a choice of 'ika' in wave 2021");
    expect(detail).toContain("choice(s) '18-29' of 'ika' in wave 2021 have no counterpart");
    expect(detail).toContain("question 'kunta' is not a question of wave 2025");
    expect(detail).toContain("'alueetx' is not a question of wave 2021");
    expect((await t.app.inject({ method: 'GET', url: URL, headers: author.headers })).json()).toEqual(before);
  });

  it('saves conditionally on the updatedAt the copy began from: a stale base is a 409 naming who and when, and stores nothing', async () => {
    const other = await addUser(t.app, { role: 'author' });
    const otherAuthor = await signIn(t.app, other.email);
    const loaded = (await t.app.inject({ method: 'GET', url: URL, headers: author.headers })).json();
    expect(loaded.updatedAt).not.toBeNull();
    const mine = { questions: [{ question: 'arvio', from: 'arvio', comparable: false, note: 'minun' }] };
    const theirs = { questions: [{ question: 'arvio', from: 'arvio', comparable: false, note: 'heidän' }] };
    // The other author saves on the current base: 200, a new updatedAt, their e-mail.
    const first = await t.app.inject({ method: 'PUT', url: URL, headers: otherAuthor.headers, payload: { ...theirs, updatedAt: loaded.updatedAt } });
    expect(first.statusCode, first.body).toBe(200);
    const saved = first.json();
    expect(saved.updatedAt).not.toBe(loaded.updatedAt);
    expect(saved.updatedByEmail).toBe(other.email);
    // This author's copy began from the earlier save: refused, naming the newer save, nothing stored.
    const stale = await t.app.inject({ method: 'PUT', url: URL, headers: { ...author.headers, 'accept-language': 'fi' }, payload: { ...mine, updatedAt: loaded.updatedAt } });
    expect(stale.statusCode, stale.body).toBe(409);
    const error = stale.json().error;
    expect(error.code).toBe('mapping_changed');
    expect(error.message).toContain('tallennettu muualla');
    expect(error.detail).toContain(saved.updatedAt);
    expect(error.detail).toContain(other.email);
    const after = (await t.app.inject({ method: 'GET', url: URL, headers: author.headers })).json();
    expect(after).toEqual(saved);
    expect(after.questions.find((q: { question: string }) => q.question === 'arvio').note).toBe('heidän');
    // "Started from the defaults" when a mapping is stored is stale too.
    const fromDefaults = await t.app.inject({ method: 'PUT', url: URL, headers: author.headers, payload: { ...mine, updatedAt: null } });
    expect(fromDefaults.statusCode).toBe(409);
    expect(fromDefaults.json().error.code).toBe('mapping_changed');
    // On the current base the save goes through.
    const fresh = await t.app.inject({ method: 'PUT', url: URL, headers: author.headers, payload: { ...mine, updatedAt: saved.updatedAt } });
    expect(fresh.statusCode, fresh.body).toBe(200);
    expect(fresh.json().questions.find((q: { question: string }) => q.question === 'arvio').note).toBe('minun');
  });

  it('lets exactly one of two saves raced on the same base win, whether a mapping was stored or not', async () => {
    const [from, to] = ['asukkaat-2025', 'asukkaat-2021'];
    const reverse = `/api/authoring/series/asukaskysely/mappings/${from}/${to}`;
    const links = (note: string) => ({ questions: [{ question: 'arvio', from: 'arvio', comparable: false, note }] });
    for (const round of [1, 2, 3]) {
      const base = (await t.app.inject({ method: 'GET', url: reverse, headers: author.headers })).json().updatedAt;
      if (round === 1) expect(base).toBeNull();
      const results = await Promise.all(
        ['a', 'b'].map((who) => t.app.inject({ method: 'PUT', url: reverse, headers: author.headers, payload: { ...links(`${who}${round}`), updatedAt: base } })),
      );
      expect(results.map((r) => r.statusCode).sort(), results.map((r) => r.body).join('\n')).toEqual([200, 409]);
      const winner = results.find((r) => r.statusCode === 200)!.json();
      const stored = (await t.app.inject({ method: 'GET', url: reverse, headers: author.headers })).json();
      expect(stored).toEqual(winner);
    }
  });

  it('still saves without updatedAt, as older clients do (the later save replaces the earlier)', async () => {
    const before = (await t.app.inject({ method: 'GET', url: URL, headers: author.headers })).json();
    const res = await t.app.inject({ method: 'PUT', url: URL, headers: author.headers, payload: { questions: [{ question: 'arvio', from: 'arvio', comparable: false, note: 'ilman pohjaa' }] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().updatedAt).not.toBe(before.updatedAt);
    expect(res.json().questions.find((q: { question: string }) => q.question === 'arvio').note).toBe('ilman pohjaa');
    // And a copy based on the save before it is now stale.
    const stale = await t.app.inject({ method: 'PUT', url: URL, headers: author.headers, payload: { questions: [], updatedAt: before.updatedAt } });
    expect(stale.statusCode).toBe(409);
  });

  it('is for authors and admins; a survey outside the series is a 404 naming the waves', async () => {
    expect((await t.app.inject({ method: 'GET', url: URL, headers: analyst.headers })).statusCode).toBe(403);
    const res = await t.app.inject({ method: 'GET', url: '/api/authoring/series/asukaskysely/mappings/yksin/asukkaat-2025', headers: author.headers });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.detail).toContain('waves: asukkaat-2021, asukkaat-2025');
  });
});
