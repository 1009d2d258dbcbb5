import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { findWaveMapping, saveWaveMapping } from '../../db/series.ts';
import type { SurveyCatalog } from '../../server/surveys/catalog.ts';
import { DEMO_WAVE_MAPPING, RESIDENT_SERIES, RESIDENT_SURVEY, RESIDENT_SURVEY_2025 } from './residents-2025.ts';

/**
 * Saves the demo's mapping between the resident survey's 2021 and 2025 waves (a renamed question, a
 * recoded choice list), when both waves are served and no person has saved one: a mapping an author
 * saved (it has an `updated_by`) is left alone, as real responses are. True when it saved.
 */
export async function saveDemoWaveMapping(db: Kysely<Database>, catalog: SurveyCatalog, now: Date): Promise<boolean> {
  if (!catalog.get(RESIDENT_SURVEY)?.meta.series || !catalog.get(RESIDENT_SURVEY_2025)?.meta.series) return false;
  const saved = await findWaveMapping(db, RESIDENT_SERIES, RESIDENT_SURVEY, RESIDENT_SURVEY_2025);
  if (saved && saved.updated_by !== null) return false;
  await saveWaveMapping(db, { series_id: RESIDENT_SERIES, from_survey: RESIDENT_SURVEY, to_survey: RESIDENT_SURVEY_2025, mapping: JSON.stringify(DEMO_WAVE_MAPPING), updated_at: now.toISOString(), updated_by: null });
  return true;
}
