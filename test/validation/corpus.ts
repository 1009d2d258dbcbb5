import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The sixteen SurveyJS forms copied into the fixtures (see the README there for their sources). */
export const corpusDir = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));

export function corpus(): { file: string; definition: object }[] {
  return readdirSync(corpusDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, definition: JSON.parse(readFileSync(corpusDir + file, 'utf8')) as object }));
}

/** Forms written for the tests, using complete triggers, dynamic matrices and panels, calculated values (see differential.test.ts). */
export const featuresDir = fileURLToPath(new URL('../fixtures/surveyjs-features/', import.meta.url));

export function featureForms(): { file: string; definition: object }[] {
  return readdirSync(featuresDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, definition: JSON.parse(readFileSync(featuresDir + file, 'utf8')) as object }));
}
