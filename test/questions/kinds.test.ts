import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Model, Serializer } from 'survey-core';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { exportColumns } from '../../server/exports/data/columns.ts';
import { loadGeography } from '../../server/geography.ts';
import { QUESTION_KINDS, supportedKind } from '../../server/questions/kinds.ts';
import { RESULT_KINDS, RESULT_KIND_FACETS } from '../../server/questions/result-kinds.ts';
import { surveyVariables } from '../../server/results/variables.ts';
import { readSurveyFiles, SurveyLoadError } from '../../server/surveys/catalog.ts';
import { checkDefinition, compileFullSurvey, compileSurvey } from '../../server/validation/index.ts';
import { corpus } from '../validation/corpus.ts';

/**
 * The registry of question kinds, walked: every entry's example question is a survey of its own, and
 * its example answer goes through what every part of Kuulo does with an answer (the survey-file
 * check, both validator paths, the answer rows, the results variables, the export columns). A new
 * type is one entry in server/questions/kinds.ts, and this file then tests it without a change.
 */

const surveyOf = (kind: (typeof QUESTION_KINDS)[number]) => ({ elements: [kind.example.question] });

/** Every question type a definition uses, nested ones (dynamic panels' templates, matrix cells) too. */
function typesIn(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const child of node) typesIn(child, out);
  else if (node !== null && typeof node === 'object') {
    const json = node as Record<string, unknown>;
    // Outside validators and triggers (which have types of their own), a typed object is an element.
    if (typeof json.type === 'string' && json.type !== 'panel' && json.type !== 'page') out.add(json.type.toLowerCase());
    if (typeof json.cellType === 'string' && json.cellType !== 'default') out.add(json.cellType.toLowerCase());
    for (const [key, value] of Object.entries(json)) if (key !== 'validators' && key !== 'triggers') typesIn(value, out);
  }
  return out;
}

describe('the registry of question kinds', () => {
  it('lists each type once, by survey-core name', () => {
    const types = QUESTION_KINDS.map((k) => k.type);
    expect(new Set(types).size).toBe(types.length);
    for (const type of types) expect(type).toBe(type.toLowerCase());
    expect(types).toEqual(expect.arrayContaining(['radiogroup', 'checkbox', 'dropdown', 'boolean', 'rating', 'text', 'comment', 'matrix', 'matrixdropdown', 'multipletext', 'ranking', 'expression']));
  });

  it('knows every type of the seven survey files (six seed surveys and the resident survey\'s 2025 wave) and the sixteen corpus forms', () => {
    const seeds = fs.readdirSync(path.join(projectRoot, 'surveys')).filter((f) => f.endsWith('.json'));
    expect(seeds).toHaveLength(7);
    const used = new Set<string>();
    for (const file of seeds) typesIn(JSON.parse(fs.readFileSync(path.join(projectRoot, 'surveys', file), 'utf8')), used);
    const forms = corpus();
    expect(forms).toHaveLength(16);
    for (const { definition } of forms) typesIn(definition, used);
    // The walk found the types these files are known to use, so an empty walk cannot pass.
    expect([...used]).toEqual(expect.arrayContaining(['radiogroup', 'checkbox', 'ranking', 'matrixdropdown', 'paneldynamic', 'matrixdynamic', 'file', 'imagepicker', 'slider']));
    expect([...used].filter((type) => !supportedKind(type))).toEqual([]);
  });

  for (const kind of QUESTION_KINDS) {
    describe(kind.type, () => {
      const definition = surveyOf(kind);

      it('has every facet', () => {
        expect(kind.example.question.type).toBe(kind.type);
        for (const facet of ['holdsAnswer', 'fast', 'fastCell', 'choices', 'otherItem', 'minSelected'] as const) expect(typeof kind[facet]).toBe('boolean');
        for (const facet of ['shape', 'rows', 'variables'] as const) expect(typeof kind[facet]).toBe('function');
        for (const r of kind.results) expect(RESULT_KINDS).toContain(r);
        expect([null, 'panel', 'cells']).toContain(kind.inner);
        // A cell type of the fast path is a fast type; only answer-holding types pick from choices.
        if (kind.fastCell) expect(kind.fast).toBe(true);
        if (kind.choices || kind.otherItem || kind.minSelected) expect(kind.holdsAnswer).toBe(true);
        if (!kind.holdsAnswer) expect(kind.results).toEqual([]);
      });

      it('passes the survey-file check', () => {
        expect(checkDefinition(definition).errors).toEqual([]);
      });

      it(`is judged by the ${kind.fast ? 'fast' : 'full'} path, and both paths accept its example answer alike`, () => {
        const compiled = compileSurvey(definition);
        expect(compiled.mode).toBe(kind.fast ? 'fast' : 'full');
        const data = kind.example.answer === undefined ? {} : { q: kind.example.answer };
        const verdicts = [compiled, compileFullSurvey(definition)].map((c) => c.validate(data));
        for (const verdict of verdicts) expect(verdict).toMatchObject({ ok: true });
        expect(verdicts[0]).toEqual(verdicts[1]);
      });

      it('refuses an answer of the wrong shape, naming the question', () => {
        if (!kind.holdsAnswer || kind.type === 'expression') {
          // Nothing to answer: any value sent under its name is refused or ignored, never stored.
          const verdict = compileSurvey(definition).validate({ q: 'x' });
          if (verdict.ok) expect(verdict.data).not.toHaveProperty('q', 'x');
          else expect(verdict.errors.map((e) => e.question)).toEqual(['q']);
          return;
        }
        // A type without a shape of ours (a file) is judged by survey-core alone, which takes what it takes.
        const model = new Model(definition);
        const spec = kind.shape(model.getQuestionByName('q') as unknown as Record<string, unknown>);
        model.dispose();
        if (spec.kind === 'any') return;
        const wrong = typeof kind.example.answer === 'object' ? 12345 : { not: 'this' };
        const verdict = compileSurvey(definition).validate({ q: wrong });
        expect(verdict.ok).toBe(false);
        if (!verdict.ok) expect(verdict.errors.map((e) => e.question)).toEqual(['q']);
      });

      it('becomes answer rows under its name', () => {
        const compiled = compileSurvey(definition);
        const verdict = compiled.validate(kind.example.answer === undefined ? {} : { q: kind.example.answer });
        if (!verdict.ok) throw new Error(JSON.stringify(verdict.errors));
        const rows = compiled.answerRows(verdict.data);
        if (kind.holdsAnswer) {
          expect(rows.length).toBeGreaterThan(0);
          for (const row of rows) expect(row.question === 'q' || row.question.startsWith('q.')).toBe(true);
        } else expect(rows).toEqual([]);
      });

      it('gives results variables of its declared kinds, each with export columns and a chart decision', () => {
        // An "other" text is an open text whatever the question (added by the variables, not the entry).
        const all = surveyVariables(definition);
        for (const v of all.filter((v) => v.key === 'q-Comment')) expect(v.kind).toBe('text');
        const variables = all.filter((v) => v.key !== 'q-Comment');
        expect(variables.length > 0).toBe(kind.results.length > 0);
        for (const v of variables) {
          expect(kind.results).toContain(v.kind);
          expect(v.question).toBe('q');
          expect(typeof RESULT_KIND_FACETS[v.kind].chartable).toBe('boolean');
        }
        // A repeated answer has columns per entry: as many as the example answer has.
        const entries = new Map(variables.map((v) => [v.key, Array.isArray(kind.example.answer) ? kind.example.answer.length : 0]));
        const columns = exportColumns(variables, entries).filter((c) => c.question === 'q');
        // A dynamic question's inner open text is in its entry-by-entry columns only.
        expect(new Set(columns.map((c) => c.key))).toEqual(new Set(variables.filter((v) => !(v.entries && v.kind === 'text')).map((v) => v.key)));
        for (const c of columns) {
          const layout = RESULT_KIND_FACETS[variables.find((v) => v.key === c.key)!.kind].exportLayout;
          expect(c.layout).toBe(layout);
          const typeOfLayout = { category: 'category', 'flag-per-option': 'flag', 'position-per-item': 'position', number: 'number', text: 'text', 'per-entry': 'text', 'file-names': c.option === 'count' ? 'number' : 'text' } as const;
          expect(c.type).toBe(typeOfLayout[layout]);
        }
        // A kind with no chart says why, unless it is an open text (whose answers are read instead).
        for (const v of variables) {
          const facets = RESULT_KIND_FACETS[v.kind];
          if (!facets.chartable && !facets.tabulated && v.kind !== 'text') expect(facets.notCharted).not.toBeNull();
        }
      });
    });
  }
});

describe('every question type the survey-file check accepts', () => {
  // Every question class survey-core registers (signaturepad, slider, rating, …), not a list of ours.
  const coreTypes = Serializer.getChildrenClasses('question', true).map((c) => c.name.toLowerCase());

  it('is in the registry, and one that holds an answer has results and export columns', () => {
    expect(coreTypes.length).toBeGreaterThan(20);
    const accepted = coreTypes.filter((type) => checkDefinition({ elements: [{ type, name: 'q' }] }).errors.length === 0);
    // The walk is not vacuous: the check accepts the registry's types and refuses others.
    expect(accepted).toEqual(expect.arrayContaining(['radiogroup', 'slider', 'file', 'paneldynamic', 'matrixdynamic']));
    expect(accepted.length).toBeLessThan(coreTypes.length);
    for (const type of accepted) {
      const kind = supportedKind(type);
      expect(kind, `'${type}' is accepted by the survey-file check but has no registry entry`).toBeDefined();
      if (kind!.holdsAnswer) expect(kind!.results.length, `'${type}' holds answers but gives no results variable`).toBeGreaterThan(0);
    }
  });

  it('holds no answer, or gives variables whose kinds all have an export layout', () => {
    for (const kind of QUESTION_KINDS.filter((k) => k.holdsAnswer)) {
      expect(kind.results.length, kind.type).toBeGreaterThan(0);
      for (const r of kind.results) expect(RESULT_KIND_FACETS[r].exportLayout).toBeTruthy();
    }
  });
});

describe('the survey-file check refuses a type Kuulo does not support, by name', () => {
  // signaturepad is a survey-core type with no entry in the registry.
  it('at the top level, inside a dynamic panel and as a matrix cell', () => {
    expect(supportedKind('signaturepad')).toBeUndefined();
    expect(checkDefinition({ elements: [{ type: 'signaturepad', name: 'allekirjoitus' }] }).errors).toEqual([
      expect.stringMatching(/^question 'allekirjoitus' has the type 'signaturepad', which Kuulo does not support \(supported: radiogroup, /),
    ]);
    const nested = checkDefinition({ elements: [{ type: 'paneldynamic', name: 'lapset', templateElements: [{ type: 'text', name: 'nimi' }, { type: 'signaturepad', name: 'kuittaus' }] }] });
    expect(nested.errors.join('\n')).toMatch(/question 'lapset\.kuittaus' has the type 'signaturepad'/);
    const cell = checkDefinition({ elements: [{ type: 'matrixdropdown', name: 'm', rows: ['a'], columns: [{ name: 'c', cellType: 'signaturepad' }] }] });
    expect(cell.errors.join('\n')).toMatch(/column 'c' of question 'm' has (the|an unknown) type 'signaturepad'/);
  });

  it('keeps naming a type survey-core does not know at all', () => {
    expect(checkDefinition({ elements: [{ type: 'nosuchtype', name: 'a' }] }).errors).toContain("question 'a' has an unknown type 'nosuchtype'");
  });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuulo-kinds-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stops loading the survey files, naming the file, the question and the type', () => {
    fs.writeFileSync(path.join(dir, 'hyva.json'), JSON.stringify({ elements: [{ type: 'rating', name: 'arvosana' }] }));
    fs.writeFileSync(path.join(dir, 'rikki.json'), JSON.stringify({ elements: [{ type: 'text', name: 'nimi' }, { type: 'signaturepad', name: 'allekirjoitus' }] }));
    const geography = loadGeography(path.join(projectRoot, 'surveys/geography/municipalities.csv'));
    let error: unknown = null;
    try {
      readSurveyFiles(dir, geography);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SurveyLoadError);
    const loadError = error as SurveyLoadError;
    expect(loadError.files.map((f) => path.basename(f.file))).toEqual(['rikki.json']);
    expect(loadError.message).toMatch(/rikki\.json:[\s\S]*question 'allekirjoitus' has the type 'signaturepad', which Kuulo does not support/);
  });
});
