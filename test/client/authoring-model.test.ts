// The survey editor's state functions (client/workspace/authoring/model.ts) over the six seed
// surveys: loaded and serialised back, every file is identical apart from key order, and so is a
// file after edits that cancel out (a move and its reverse, a relabel and its reverse, a duplicate
// and its deletion). Edits keep properties the editor has no field for, never change a choice's
// value when its label changes, and give copies and new choices fresh names and values.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addQuestion,
  canonicalJson,
  duplicateQuestion,
  elementsOf,
  freshValue,
  loadFile,
  moveQuestion,
  nameProblem,
  newQuestion,
  NOTICE_PARTS,
  pagesOf,
  QUESTION_TYPES,
  readChoice,
  relabel,
  removeQuestion,
  serialiseFile,
  setNoticePart,
  stepQuestion,
  updateQuestion,
  withText,
} from '../../client/workspace/authoring/model.ts';
import type { SurveyFile } from '../../client/workspace/authoring/tab.ts';
import { PRIVACY_NOTICE_PARTS } from '../../server/surveys/envelope.ts';

const dir = path.join(import.meta.dirname, '../../surveys');
const seeds = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
const read = (name: string) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as SurveyFile;

describe('the editor state round trip', () => {
  it('covers every seed survey (six at least)', () => {
    expect(seeds.length).toBeGreaterThanOrEqual(6);
  });

  it.each(seeds)('%s: loaded and serialised without edits is the same file', (name) => {
    const original = read(name);
    const state = loadFile(original);
    expect(state).not.toBe(original);
    expect(canonicalJson(serialiseFile(state))).toBe(canonicalJson(original));
  });

  it.each(seeds)('%s: edits that cancel out leave the file as it was', (name) => {
    const original = read(name);
    let state = loadFile(original);
    const pages = pagesOf(state);
    // every question one step down and back up again
    for (let p = 0; p < pages.length; p++) {
      for (let i = 0; i < elementsOf(pages[p]!).length; i++) {
        const down = stepQuestion(state, { page: p, index: i }, 1);
        // the very last question cannot go down: nothing moved, nothing to move back
        if (down.file !== state) state = stepQuestion(down.file, down.place, -1).file;
      }
    }
    // the last question of the first page to the next page and back
    if (pages.length > 1) {
      const last = elementsOf(pages[0]!).length - 1;
      const moved = moveQuestion(state, { page: 0, index: last }, { page: 1, index: 0 });
      expect(moved.place).toEqual({ page: 1, index: 0 });
      state = moveQuestion(moved.file, moved.place, { page: 0, index: last }).file;
    }
    // a duplicate and its deletion
    const copy = duplicateQuestion(state, { page: 0, index: 0 });
    state = removeQuestion(copy.file, copy.place).file;
    // a choice relabelled and relabelled back
    const place = findChoiceQuestion(state);
    if (place) {
      const q = elementsOf(pagesOf(state)[place.page]!)[place.index]!;
      const choices = q.choices as unknown[];
      const before = readChoice(choices[0], 'default').text;
      const relabelled = updateQuestion(state, place, { choices: [relabel(choices[0], 'default', 'Jotain muuta'), ...choices.slice(1)] });
      const again = elementsOf(pagesOf(relabelled)[place.page]!)[place.index]!.choices as unknown[];
      state = updateQuestion(relabelled, place, { choices: [relabel(again[0], 'default', before), ...again.slice(1)] });
    }
    // JSON keys may come back in another order (a relabelled plain choice becomes an object); compare the meaning
    expect(canonicalJson(normaliseChoices(serialiseFile(state)))).toBe(canonicalJson(normaliseChoices(original)));
  });
});

function findChoiceQuestion(file: SurveyFile) {
  const pages = pagesOf(file);
  for (let p = 0; p < pages.length; p++) {
    const i = elementsOf(pages[p]!).findIndex((q) => Array.isArray(q.choices) && q.choices.length > 0);
    if (i >= 0) return { page: p, index: i };
  }
  return null;
}

/** A plain choice `"a"` and `{value: "a", text: "a"}` mean the same to SurveyJS. */
function normaliseChoices(file: SurveyFile): unknown {
  return JSON.parse(JSON.stringify(file), (key, value: unknown) =>
    key === 'choices' && Array.isArray(value) ? value.map((c) => (typeof c === 'object' && c !== null ? c : { value: c, text: String(c) })) : value,
  );
}

describe('edits keep what the editor has no field for', () => {
  const file = (): SurveyFile => ({
    id: 'x',
    customEnvelope: { keep: true },
    survey: {
      pages: [
        { name: 'p1', elements: [{ type: 'radiogroup', name: 'q1', title: 'Q1', score: 7, choices: [{ value: 'a', text: { default: 'A', sv: 'A sv' }, weight: 2 }, 'b'] }] },
        { name: 'p2', elements: [{ type: 'comment', name: 'q2', customThing: [1, 2] }] },
      ],
      customSurveyProp: 'x',
    },
  });

  it('a relabel changes the label in one language and never the value', () => {
    const q = elementsOf(pagesOf(file())[0]!)[0]!;
    const choices = q.choices as unknown[];
    const a = relabel(choices[0], 'default', 'Uusi A');
    expect(a).toEqual({ value: 'a', text: { default: 'Uusi A', sv: 'A sv' }, weight: 2 });
    const b = relabel(choices[1], 'default', 'Bee');
    expect(b).toEqual({ value: 'b', text: 'Bee' });
    expect(readChoice(b, 'default')).toEqual({ value: 'b', text: 'Bee' });
  });

  it('a new choice gets a value no other choice has, numeric among numeric ones', () => {
    expect(['1', '3']).not.toContain(freshValue([{ value: '1' }, { value: '3' }]));
    expect(freshValue([1, 2, 3])).toBe(4);
    expect(freshValue(['a', 'b'])).toBe('3');
  });

  it('a duplicate gets a new unique name and keeps its custom properties', () => {
    const copied = duplicateQuestion(file(), { page: 0, index: 0 });
    const q = elementsOf(pagesOf(copied.file)[0]!)[1]!;
    expect(q.name).toBe('q1_2');
    expect(q.score).toBe(7);
    const twice = duplicateQuestion(copied.file, { page: 0, index: 0 });
    expect(elementsOf(pagesOf(twice.file)[0]!).map((e) => e.name)).toEqual(['q1', 'q1_3', 'q1_2']);
  });

  it('moves across pages keep every other property of the file', () => {
    const moved = moveQuestion(file(), { page: 0, index: 0 }, { page: 1, index: 1 });
    expect(pagesOf(moved.file).map((p) => elementsOf(p).map((e) => e.name))).toEqual([[], ['q2', 'q1']]);
    expect(moved.file.customEnvelope).toEqual({ keep: true });
    expect(moved.file.survey.customSurveyProp).toBe('x');
    expect(elementsOf(pagesOf(moved.file)[1]!)[0]!.customThing).toEqual([1, 2]);
    // out of range: nothing moves
    expect(moveQuestion(file(), { page: 0, index: 0 }, { page: 5, index: 0 }).file).toEqual(file());
    expect(stepQuestion(file(), { page: 0, index: 0 }, -1).file).toEqual(file());
  });

  it('names are checked: empty, spaces, taken; its own name is no clash', () => {
    const f = file();
    expect(nameProblem(f, { page: 0, index: 0 }, '')).toBe('empty');
    expect(nameProblem(f, { page: 0, index: 0 }, 'a b')).toBe('characters');
    expect(nameProblem(f, { page: 0, index: 0 }, 'q2')).toBe('taken');
    expect(nameProblem(f, { page: 0, index: 0 }, 'p2')).toBe('taken');
    expect(nameProblem(f, { page: 0, index: 0 }, 'q1')).toBeNull();
    expect(nameProblem(f, { page: 0, index: 0 }, 'asuinkunta')).toBeNull();
  });

  it('every type the editor adds gets a unique name', () => {
    let f = file();
    for (const type of QUESTION_TYPES) f = addQuestion(f, 1, newQuestion(f, type, 'Uusi')).file;
    const names = elementsOf(pagesOf(f)[1]!).map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect(elementsOf(pagesOf(f)[1]!).map((e) => e.type)).toEqual(['comment', ...QUESTION_TYPES]);
  });

  it('texts: a plain default stays plain, another language makes it per locale, an empty one is removed', () => {
    expect(withText('Moi', 'default', 'Hei')).toBe('Hei');
    expect(withText('Moi', 'sv', 'Hej')).toEqual({ default: 'Moi', sv: 'Hej' });
    expect(withText({ default: 'Moi', sv: 'Hej' }, 'sv', '')).toEqual({ default: 'Moi' });
    expect(withText(undefined, 'default', '')).toBeUndefined();
  });

  it('the privacy notice: parts are the server’s, set per language and removed when emptied', () => {
    expect([...NOTICE_PARTS]).toEqual([...PRIVACY_NOTICE_PARTS]);
    let f = setNoticePart(file(), 'purpose', 'default', 'Tarkoitus');
    f = setNoticePart(f, 'purpose', 'sv', 'Syfte');
    expect(f.privacy).toEqual({ purpose: { default: 'Tarkoitus', sv: 'Syfte' } });
    f = setNoticePart(f, 'purpose', 'default', '');
    f = setNoticePart(f, 'purpose', 'sv', '');
    expect(f.privacy).toBeUndefined();
  });
});
