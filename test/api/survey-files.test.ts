import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SurveyLoadError } from '../../server/surveys/catalog.ts';
import { buildTestApp } from '../helpers/app.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { allTypesAnswer, allTypesDefinition, envelope } from '../factories/surveys.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => database.drop());

const plainForm = { title: 'Palaute', elements: [{ type: 'rating', name: 'arvosana', rateMin: 1, rateMax: 5, isRequired: true }] };

describe('loading survey files', () => {
  it('loads a plain SurveyJS file with its file name as id and defaults for the envelope', async () => {
    const t = await buildTestApp({ 'palaute.json': plainForm }, { database });
    try {
      const res = await t.app.inject({ method: 'GET', url: '/api/surveys/palaute' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: 'palaute', title: 'Palaute', audience: 'residents', status: 'open', municipalityQuestion: null, version: 1 });
      expect(res.json().definition).toEqual(plainForm);
    } finally {
      await t.close();
    }
  });

  const broken: [string, string | object, RegExp][] = [
    ['invalid JSON', '{"id": "rikki", ', /not valid JSON/],
    ['an unknown envelope field', { id: 'rikki', survey: plainForm, audiense: 'residents' }, /additional properties/],
    ['an id that differs from the file name', { id: 'toinen', survey: plainForm }, /differs from the file name/],
    ['a municipality question that does not exist', { id: 'rikki', survey: plainForm, municipalityQuestion: 'kunta' }, /municipalityQuestion 'kunta'/],
    ['a survey without questions', { id: 'rikki', survey: { pages: [] } }, /question/],
    ['closes before it opens', { id: 'rikki', survey: plainForm, opens: '2026-05-01T00:00:00Z', closes: '2026-04-01T00:00:00Z' }, /must be before/],
    ['duplicate question names', { id: 'rikki', survey: { elements: [{ type: 'text', name: 'a' }, { type: 'comment', name: 'a' }] } }, /a/],
  ];

  it.each(broken)('stops the start on %s, naming the file and the problem', async (_label, content, problem) => {
    const attempt = buildTestApp({ 'hyva.json': plainForm, 'rikki.json': content }, { database });
    const error = await attempt.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SurveyLoadError);
    const loadError = error as SurveyLoadError;
    expect(loadError.files.map((f) => path.basename(f.file))).toEqual(['rikki.json']);
    expect(loadError.message).toMatch(problem);
  });
});

describe('versions', () => {
  it('keeps a version per change and earlier responses on the version they answered', async () => {
    const first = envelope('versioitu', allTypesDefinition(), { municipalityQuestion: 'kunta' });
    const a = await buildTestApp({ 'versioitu.json': first }, { database });
    const oldId = crypto.randomUUID();
    try {
      expect((await a.app.inject({ method: 'GET', url: '/api/surveys/versioitu' })).json().version).toBe(1);
      const res = await a.app.inject({ method: 'POST', url: '/api/surveys/versioitu/responses', payload: { id: oldId, version: 1, data: allTypesAnswer(), locale: 'fi' } });
      expect(res.statusCode).toBe(201);
    } finally {
      await a.app.close();
    }

    // The same file again: no new version.
    const same = await buildTestApp({ 'versioitu.json': first }, { database });
    expect((await same.app.inject({ method: 'GET', url: '/api/surveys/versioitu' })).json().version).toBe(1);
    await same.app.close();

    // A changed file: the rating question now goes to 10, and a new question arrives.
    const changed = allTypesDefinition();
    const page = changed.pages[0]!;
    page.elements = page.elements.map((e) => (e.name === 'elama' ? { ...e, rateMax: 10 } : e));
    page.elements.push({ type: 'text', name: 'uusi' });
    const b = await buildTestApp({ 'versioitu.json': envelope('versioitu', changed, { municipalityQuestion: 'kunta' }) }, { database });
    try {
      const detail = (await b.app.inject({ method: 'GET', url: '/api/surveys/versioitu' })).json();
      expect(detail.version).toBe(2);

      // A respondent who loaded version 1 before the change can still send it, judged by version 1.
      const lateOld = await b.app.inject({ method: 'POST', url: '/api/surveys/versioitu/responses', payload: { id: crypto.randomUUID(), version: 1, data: allTypesAnswer({ uusi: 'x' }), locale: 'fi' } });
      expect(lateOld.statusCode).toBe(400);
      expect(lateOld.json().error.questions).toContainEqual(expect.objectContaining({ question: 'uusi', code: 'unknown_question' }));
      const v1 = await b.app.inject({ method: 'POST', url: '/api/surveys/versioitu/responses', payload: { id: crypto.randomUUID(), version: 1, data: allTypesAnswer(), locale: 'fi' } });
      expect(v1.statusCode).toBe(201);
      expect(v1.json().receipt.version).toBe(1);
      const v2 = await b.app.inject({ method: 'POST', url: '/api/surveys/versioitu/responses', payload: { id: crypto.randomUUID(), version: 2, data: allTypesAnswer({ elama: 9, uusi: 'x' }), locale: 'fi' } });
      expect(v2.statusCode).toBe(201);

      const rows = await b.app.db.kysely.selectFrom('responses').select(['id', 'survey_version']).where('survey_id', '=', 'versioitu').execute();
      expect(rows.find((r) => r.id === oldId)?.survey_version).toBe(1);
      expect(rows.map((r) => r.survey_version).sort()).toEqual([1, 1, 2]);
      const versions = await b.app.db.kysely.selectFrom('survey_versions').select(['version', 'definition']).where('survey_id', '=', 'versioitu').orderBy('version').execute();
      expect(versions.map((v) => v.version)).toEqual([1, 2]);
      expect(JSON.parse(versions[0]!.definition)).toEqual(allTypesDefinition());
    } finally {
      await b.app.close();
    }
  });
});

describe('geography', () => {
  it('ships the 30 municipalities of the county with their areas as editable data', async () => {
    const { loadGeography } = await import('../../server/geography.ts');
    const { testConfig } = await import('../helpers/app.ts');
    const geography = loadGeography(testConfig({}).geographyFile);
    expect(geography.municipalities).toHaveLength(30);
    expect(geography.byCode.get('564')).toMatchObject({ nameFi: 'Oulu', nameSv: 'Uleåborg', area: 'Oulu' });
    expect(geography.byCode.get('009')?.nameFi).toBe('Alavieska');
    expect([...geography.areas].sort()).toEqual(['Eteläinen', 'Koillismaa', 'Lakeus', 'Oulu', 'Oulunkaari', 'Rannikko']);
    expect(fs.existsSync(testConfig({}).geographyFile)).toBe(true);
  });
});
