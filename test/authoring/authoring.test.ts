// Writing surveys in the browser, through the HTTP API as the editor uses it: drafts and their
// revisions (two tabs never overwrite each other unseen), uploads refused with the place named,
// condition checks and their plain-language readings, publishing with the difference and the
// comparability confirmation, a restart and a second instance serving what was published, and the
// rule that a file in SURVEYS_DIR wins. On SQLite, and on PostgreSQL in CI's second run.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { projectRoot } from '../../server/config.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { envelope } from '../factories/surveys.ts';
import { addUser, signIn, type SignedIn } from '../factories/users.ts';
import { adminSession, submitAnswer } from '../factories/distribution.ts';

const SEEDS = fs.readdirSync(path.join(projectRoot, 'surveys')).filter((n) => n.endsWith('.json'));
const seedFiles = Object.fromEntries(SEEDS.map((n) => [n, JSON.parse(fs.readFileSync(path.join(projectRoot, 'surveys', n), 'utf8')) as object]));

let t: TestApp;
let author: SignedIn;
let analyst: SignedIn;
let now = new Date('2026-12-10T12:00:00.000Z');

/** A small cooperation survey's first page, as an author would build it: a place, a rating, a condition. */
function cooperationFile(id: string, extraChoice = true) {
  return envelope(id, {
    pages: [
      {
        name: 'yhteistyo',
        elements: [
          { type: 'radiogroup', name: 'toimija', title: { default: 'Edustamasi toimija', sv: 'Aktören du representerar' }, isRequired: true, choices: [{ value: 'jarjesto', text: { default: 'Järjestö', sv: 'Organisation' } }, { value: 'kunta', text: { default: 'Kunta', sv: 'Kommun' } }, ...(extraChoice ? [{ value: 'muu', text: { default: 'Muu', sv: 'Annan' } }] : [])] },
          { type: 'rating', name: 'tyytyvaisyys', title: { default: 'Kuinka tyytyväinen olet yhteistyöhön?', sv: 'Hur nöjd är du med samarbetet?' }, rateMin: 1, rateMax: 5 },
          { type: 'comment', name: 'miksi', title: { default: 'Miksi?', sv: 'Varför?' }, visibleIf: "{toimija} = 'jarjesto' and {tyytyvaisyys} <= 2" },
        ],
      },
    ],
  });
}

/** The second version: the choice "muu" removed (breaking), the rating's title reworded (not). */
function editedFile() {
  const file = cooperationFile('uusi', false);
  ((file.survey as { pages: { elements: Record<string, unknown>[] }[] }).pages[0]!.elements[1]!).title = { default: 'Kuinka tyytyväinen olet?', sv: 'Hur nöjd är du?' };
  return file;
}

const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, who: SignedIn = author) =>
  t.app.inject({ method, url, headers: who.headers, ...(payload === undefined ? {} : { payload: payload as object }) });

let authorEmail = '';
beforeAll(async () => {
  t = await buildTestApp(seedFiles, { clock: () => now, config: { submitRateLimit: 100_000, loginRateLimit: 100_000 } });
  authorEmail = (await addUser(t.app, { role: 'author' })).email;
  author = await signIn(t.app, authorEmail);
  analyst = await signIn(t.app, (await addUser(t.app, { role: 'analyst' })).email);
});
afterAll(async () => t.close());

describe('drafts', () => {
  it('starts empty, saves by revision, and refuses a save from a tab left behind without losing either', async () => {
    const created = await api('POST', '/api/authoring/drafts', { id: 'uusi', from: { kind: 'empty' } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ id: 'uusi', revision: 1, source: 'new', publishedVersion: null });
    expect(created.json().check.errors).toContain('the definition has no questions');
    expect(created.json().check.warnings).toContain('the privacy notice lacks privacy (the whole privacy notice): the survey cannot be opened for answers until it is complete');

    const saved = await api('PUT', '/api/authoring/drafts/uusi', { revision: 1, file: cooperationFile('uusi') });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ revision: 2, check: { errors: [] } });
    // A notice missing one part in one language is named exactly.
    const gap = cooperationFile('uusi');
    delete (gap.privacy as Record<string, Record<string, string>>).complaint!.sv;
    const gapped = await api('PUT', '/api/authoring/drafts/uusi', { revision: 2, file: gap });
    expect(gapped.json().check.warnings).toContain('the privacy notice lacks privacy.complaint (sv): the survey cannot be opened for answers until it is complete');
    expect((await api('PUT', '/api/authoring/drafts/uusi', { revision: 3, file: cooperationFile('uusi') })).json().check.warnings).toEqual([]);

    const stale = await api('PUT', '/api/authoring/drafts/uusi', { revision: 1, file: envelope('uusi', { elements: [{ type: 'text', name: 'x' }] }) });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('survey_draft_changed');
    expect(stale.json().error.detail).toMatch(/now revision 4/);
    // The refused save changed nothing; the draft says whose save it holds, by address (the editor's 409 notice names it).
    const latest = (await api('GET', '/api/authoring/drafts/uusi')).json();
    expect(latest.file.survey.pages[0].elements).toHaveLength(3);
    expect(latest.updatedByEmail).toBe(authorEmail);
  });

  it('lets exactly one of two saves naming the same revision win', async () => {
    const [a, b] = await Promise.all([
      api('PUT', '/api/authoring/drafts/uusi', { revision: 4, file: cooperationFile('uusi', false) }),
      api('PUT', '/api/authoring/drafts/uusi', { revision: 4, file: cooperationFile('uusi', true) }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const kept = (await api('GET', '/api/authoring/drafts/uusi')).json();
    expect(kept.revision).toBe(5);
    const winner = a.statusCode === 200 ? a : b;
    expect(kept.file).toEqual(winner.json().file);
  });

  it('refuses a file under another id, a second draft of one id, and a new survey under a served id', async () => {
    const other = await api('PUT', '/api/authoring/drafts/uusi', { revision: 5, file: cooperationFile('toinen') });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.detail).toMatch(/'toinen' is not the draft's 'uusi'/);
    expect((await api('POST', '/api/authoring/drafts', { id: 'uusi', from: { kind: 'empty' } })).json().error.code).toBe('survey_draft_exists');
    expect((await api('POST', '/api/authoring/drafts', { id: 'minun-arkeni', from: { kind: 'empty' } })).json().error.code).toBe('survey_id_taken');
  });

  it('is for authors and admins only', async () => {
    for (const url of ['/api/authoring/surveys', '/api/authoring/drafts/uusi']) {
      expect((await api('GET', url, undefined, analyst)).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    }
    const admin = await adminSession(t.app);
    expect((await api('GET', '/api/authoring/drafts/uusi', undefined, admin)).statusCode).toBe(200);
  });
});

describe('uploads', () => {
  it('takes a plain SurveyJS file (as SurveyJS’s builder writes it) under the new id', async () => {
    const text = JSON.stringify({ title: 'Builderin kysely', pages: [{ name: 'p1', elements: [{ type: 'boolean', name: 'ok', title: 'Toimiiko?' }] }] });
    const res = await api('POST', '/api/authoring/drafts', { id: 'ladattu', from: { kind: 'upload', text } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().file).toMatchObject({ id: 'ladattu', survey: { title: 'Builderin kysely' } });
  });

  it('refuses broken JSON, unknown types and duplicate names with the place named, storing nothing', async () => {
    const cases: [string, RegExp][] = [
      ['{"pages": [{"elements": [\n  {"type": "text", "name": "a",}]}]}', /not valid JSON: .*\(line 2, column \d+\)/],
      [JSON.stringify({ pages: [{ elements: [{ type: 'liukusaadin', name: 'a' }] }] }), /question 'a' has an unknown type 'liukusaadin'/],
      [JSON.stringify({ pages: [{ elements: [{ type: 'text', name: 'a' }, { type: 'comment', name: 'a' }] }] }), /question name 'a' is used 2 times/],
      ['[1, 2]', /must be a JSON object/],
    ];
    for (const [text, detail] of cases) {
      const res = await api('POST', '/api/authoring/drafts', { id: 'rikki', from: { kind: 'upload', text } });
      expect(res.statusCode, text).toBe(400);
      expect(res.json().error.code).toBe('upload_invalid');
      expect(res.json().error.detail).toMatch(detail);
    }
    expect((await api('GET', '/api/authoring/drafts/rikki')).statusCode).toBe(404);
  });
});

describe('condition checks', () => {
  it('names unknown questions, conditions on a later page and circles, and reads each condition in fi, sv and en', async () => {
    const file = envelope('ehdot', {
      pages: [
        {
          name: 'p1',
          elements: [
            { type: 'radiogroup', name: 'kunta', title: { default: 'Asuinkunta', sv: 'Hemkommun', en: 'Municipality' }, choices: [{ value: '564', text: { default: 'Oulu', sv: 'Uleåborg', en: 'Oulu' } }, { value: '139', text: 'Ii' }] },
            { type: 'text', name: 'a', visibleIf: '{b} notempty' },
            { type: 'text', name: 'b', visibleIf: "{a} notempty or {kunta} anyof ['564', '139']" },
            { type: 'comment', name: 'lisaa', visibleIf: '{myohemmin} = 1 or {puuttuu} empty' },
          ],
        },
        { name: 'p2', elements: [{ type: 'rating', name: 'myohemmin', title: 'Myöhemmin' }] },
      ],
    });
    await api('POST', '/api/authoring/drafts', { id: 'ehdot', from: { kind: 'empty' } });
    const res = await api('PUT', '/api/authoring/drafts/ehdot', { revision: 1, file });
    const { errors, warnings, conditions } = res.json().check;
    expect(errors).toContain("pages[0].elements[3].visibleIf: '{puuttuu}' names no question or calculated value of the survey");
    expect(errors).toContain('conditions depend on each other in a circle: a → b → a');
    expect(warnings).toContain("pages[0].elements[3].visibleIf: '{myohemmin}' is asked on page 2, after page 1 where this condition is used, so it is always unanswered here");
    const b = conditions.find((c: { owner: string }) => c.owner === 'b');
    expect(b.reading).toEqual({
      fi: '«a» on vastattu tai «Asuinkunta» on jokin seuraavista: «Oulu», «Ii»',
      sv: '«a» är besvarad eller «Hemkommun» är något av följande: «Uleåborg», «Ii»',
      en: '«a» is answered or «Municipality» is any of: «Oulu», «Ii»',
    });
    const publish = await api('POST', '/api/authoring/drafts/ehdot/publish', {});
    expect(publish.statusCode).toBe(400);
    expect(publish.json().error.code).toBe('survey_draft_invalid');
    expect(publish.json().error.detail).toMatch(/puuttuu/);
  });
});

describe('publishing', () => {
  it('serves a new survey at once: residents answer it and analysts count the answer', async () => {
    await api('PUT', '/api/authoring/drafts/uusi', { revision: 5, file: cooperationFile('uusi') });
    const diff = (await api('GET', '/api/authoring/drafts/uusi/diff')).json();
    expect(diff).toMatchObject({ publishedVersion: null, diff: { added: ['toimija', 'tyytyvaisyys', 'miksi'], removed: [], breaking: [] } });
    const res = await api('POST', '/api/authoring/drafts/uusi/publish', {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: 'uusi', version: 1, previousVersion: null });
    expect((await api('GET', '/api/authoring/drafts/uusi')).statusCode).toBe(404);

    expect((await t.app.inject({ method: 'GET', url: '/api/surveys/uusi' })).statusCode).toBe(200);
    const answer = await submitAnswer(t.app, 'uusi', { toimija: 'jarjesto', tyytyvaisyys: 1, miksi: 'Liian vähän tapaamisia.' });
    expect(answer.statusCode, answer.body).toBe(201);
    const results = await api('GET', '/api/results/uusi/questions/toimija', undefined, analyst);
    expect(results.statusCode, results.body).toBe(200);
    expect(results.json().groups[0].n).toBe(1);
  });

  it('asks for a confirmation before a change that breaks comparability, and audits what was confirmed', async () => {
    await api('POST', '/api/authoring/drafts', { id: 'uusi', from: { kind: 'edit' } });
    const draft = (await api('GET', '/api/authoring/drafts/uusi')).json();
    expect(draft).toMatchObject({ source: 'authored', publishedVersion: 1 });
    const file = editedFile();
    await api('PUT', '/api/authoring/drafts/uusi', { revision: draft.revision, file });
    const diff = (await api('GET', '/api/authoring/drafts/uusi/diff')).json().diff;
    expect(diff.changed.map((c: { name: string }) => c.name).sort()).toEqual(['toimija', 'tyytyvaisyys']);
    expect(diff.changed.find((c: { name: string }) => c.name === 'tyytyvaisyys')).toMatchObject({ properties: ['title'], breaking: [] });
    expect(diff.breaking).toEqual(['toimija: choice(s) muu removed']);

    const refused = await api('POST', '/api/authoring/drafts/uusi/publish', {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('confirmation_needed');
    expect(refused.json().error.detail).toMatch(/toimija: choice\(s\) muu removed/);
    expect((await t.app.inject({ method: 'GET', url: '/api/surveys/uusi' })).json().version).toBe(1);

    const confirmed = await api('POST', '/api/authoring/drafts/uusi/publish', { confirmBreaking: true });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ version: 2, previousVersion: 1 });
    const admin = await adminSession(t.app);
    const audit = (await api('GET', '/api/admin/audit?action=survey.published', undefined, admin)).json();
    const entries = audit.entries.filter((e: { target: string }) => e.target === 'uusi');
    expect(entries).toHaveLength(2);
    // Both at the test clock's one instant: found by version, not by order.
    expect(entries.find((e: { details: { version: number } }) => e.details.version === 2).details).toMatchObject({ version: 2, previousVersion: 1, changed: 2, breakingConfirmed: ['toimija: choice(s) muu removed'] });

    // The version-1 answer is still counted, under the new version's wording.
    await submitAnswer(t.app, 'uusi', { toimija: 'kunta', tyytyvaisyys: 4 });
    const results = (await api('GET', '/api/results/uusi/questions/tyytyvaisyys', undefined, analyst)).json();
    expect(results.groups[0].n).toBe(2);
    expect(results.question.title).toEqual({ default: 'Kuinka tyytyväinen olet?', sv: 'Hur nöjd är du?' });
  });

  it('downloads the published survey in the surveys folder’s format', async () => {
    const res = await api('GET', '/api/authoring/surveys/uusi/file');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="uusi.json"');
    expect(JSON.parse(res.body)).toEqual(editedFile());
  });
});

describe('the surveys folder', () => {
  it('round-trips every seed survey through a draft unchanged (apart from key order)', async () => {
    for (const name of SEEDS) {
      const id = name.slice(0, -'.json'.length);
      const created = await api('POST', '/api/authoring/drafts', { id, from: { kind: 'edit' } });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().source).toBe('file');
      const saved = await api('PUT', `/api/authoring/drafts/${id}`, { revision: 1, file: created.json().file });
      expect(saved.json().check.errors, id).toEqual([]);
      const file = JSON.parse((await api('GET', `/api/authoring/surveys/${id}/file?draft=true`)).body);
      expect(file, id).toEqual(seedFiles[name]);
    }
  });

  it('wins over the browser: a file survey’s draft is not published', async () => {
    const res = await api('POST', '/api/authoring/drafts/minun-arkeni/publish', {});
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('survey_from_file');
  });
});

describe('restarts and a second instance', () => {
  it('serves the published version after a restart and on another instance of the same database', async () => {
    const second = await buildApp(t.config, { logger: false, clock: () => now });
    try {
      expect((await second.inject({ method: 'GET', url: '/api/surveys/uusi' })).json().version).toBe(2);
      // Published on the first instance while the second runs: the second serves it after its next look.
      await api('POST', '/api/authoring/drafts', { id: 'kolmas', from: { kind: 'copy', survey: 'uusi' } });
      expect((await api('POST', '/api/authoring/drafts/kolmas/publish', {})).statusCode).toBe(200);
      expect((await second.inject({ method: 'GET', url: '/api/surveys/kolmas' })).statusCode).toBe(404);
      await second.catalog.refreshAuthored(now);
      expect((await second.inject({ method: 'GET', url: '/api/surveys/kolmas' })).statusCode).toBe(200);
    } finally {
      await second.close();
    }
  });
});
