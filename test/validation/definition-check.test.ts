import { describe, expect, it } from 'vitest';
import { checkDefinition } from '../../server/validation/index.ts';
import { corpus } from './corpus.ts';
import { everyType, wellbeing } from './definitions.ts';

describe('checkDefinition', () => {
  for (const { file, definition } of corpus()) {
    it(`accepts ${file}`, () => {
      expect(checkDefinition(definition).errors).toEqual([]);
    });
  }

  it('accepts the test definitions without warnings', () => {
    expect(checkDefinition(everyType)).toEqual({ errors: [], warnings: [] });
    expect(checkDefinition(wellbeing)).toEqual({ errors: [], warnings: [] });
  });

  it('warns about properties survey-core does not know, such as a custom score', () => {
    const result = checkDefinition({ elements: [{ type: 'radiogroup', name: 'q', choices: [{ value: 1, score: 3 }] }] });
    expect(result.errors).toEqual([]);
    expect(result.warnings.join('\n')).toContain('score');
  });

  it.each([
    ['not an object', [] as unknown as object, 'not a JSON object'],
    ['no questions', { pages: [{ name: 'p' }] }, 'no questions'],
    ['duplicate names', { elements: [{ type: 'text', name: 'a' }, { type: 'panel', name: 'p', elements: [{ type: 'comment', name: 'a' }] }] }, "'a' is used 2 times"],
    ['an unparsable condition', { elements: [{ type: 'text', name: 'a', visibleIf: '{b} = = (' }] }, 'cannot be parsed'],
    ['an unknown question type', { elements: [{ type: 'nosuchtype', name: 'a' }, { type: 'text', name: 'b' }] }, 'nosuchtype'],
  ])('rejects a definition with %s', (_label, definition, message) => {
    expect(checkDefinition(definition).errors.join('\n')).toContain(message);
  });
});
