/**
 * Synthetic demo data shaped like the seed deck's surveys (`npm run demo`): deterministic from a
 * seed number, every answer valid against the shipped survey files, stored with `synthetic = 1`.
 */
import path from 'node:path';
import { projectRoot } from '../../server/config.ts';
import { loadGeography, type Geography } from '../../server/geography.ts';
import { SEED_RESIDENTS } from './municipalities.ts';
import { cooperationResponses, COOPERATION_SURVEY, ORGANISATION_SURVEY, organisationResponses } from './organisations.ts';
import { SPORT_SURVEY, sportResponses, STUDENT_WELFARE_SURVEY, studentWelfareResponses, YOUTH_WORK_SURVEY, youthWorkResponses } from './professionals.ts';
import { RESIDENT_SURVEY, residentResponses } from './residents.ts';
import { RESIDENT_SURVEY_2025, residentResponses2025, residents2025 } from './residents-2025.ts';
import type { DemoResponse } from './response.ts';

export { CHANGE_AREA_PERCENT, CHANGE_AREAS } from './change-areas.ts';
export { MUNICIPALITIES_WITHOUT_ANSWERS, SEED_RESIDENTS } from './municipalities.ts';
export { planResidents, residentResponse, residentResponses, RESIDENT_SURVEY, SEED_WANTING_CHANGE, type ResidentOptions, type ResidentPlan } from './residents.ts';
export type { DemoResponse } from './response.ts';
export { DEMO_WAVE_MAPPING, RESIDENT_SERIES, RESIDENT_SURVEY_2025, RESIDENTS_2025, residentResponses2025 } from './residents-2025.ts';

/** The seed deck's year. */
export const DEFAULT_SEED = 2021;

export interface DemoOptions {
  readonly seed?: number;
  /** Resident respondents; the seed's 4,693 by default. */
  readonly residents?: number;
  readonly geography?: Geography;
}

/** The generated answers of one survey: how many, and the responses (the resident survey's made afresh on each call, as a stream). */
export interface DemoSurvey {
  readonly surveyId: string;
  readonly count: number;
  responses(): Iterable<DemoResponse>;
}

/** Every survey's demo answers, the resident survey's two waves first. Nothing is generated until `responses()` is iterated. */
export function demoSurveys(options: DemoOptions = {}): DemoSurvey[] {
  const seed = options.seed ?? DEFAULT_SEED;
  const residents = options.residents ?? SEED_RESIDENTS;
  const geography = options.geography ?? loadGeography(path.join(projectRoot, 'surveys/geography/municipalities.csv'));
  const small = (surveyId: string, make: () => DemoResponse[]): DemoSurvey => {
    let made: DemoResponse[] | undefined;
    const all = () => (made ??= make());
    return { surveyId, get count() { return all().length; }, responses: all };
  };
  return [
    { surveyId: RESIDENT_SURVEY, count: residents, responses: () => residentResponses({ seed, count: residents, geography }) },
    // The resident survey's 2025 wave (series minun-arkeni; the one above is its 2021 wave).
    { surveyId: RESIDENT_SURVEY_2025, count: residents2025(residents), responses: () => residentResponses2025({ seed, count: residents2025(residents), geography }) },
    small(ORGANISATION_SURVEY, () => organisationResponses(seed, geography)),
    small(YOUTH_WORK_SURVEY, () => youthWorkResponses(seed, geography)),
    small(SPORT_SURVEY, () => sportResponses(seed, geography)),
    small(STUDENT_WELFARE_SURVEY, () => studentWelfareResponses(seed, geography)),
    small(COOPERATION_SURVEY, () => cooperationResponses(seed, geography)),
  ];
}
