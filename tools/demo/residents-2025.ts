import type { Geography } from '../../server/geography.ts';
import type { WaveMapping } from '../../server/series/schemas.ts';
import { SEED_RESIDENTS } from './municipalities.ts';
import { demoResponseId, streamFor } from './random.ts';
import { planResidents, residentResponse, RESIDENT_SURVEY } from './residents.ts';
import type { DemoResponse } from './response.ts';

/**
 * The resident survey's second wave, autumn 2025 (synthetic): the series `minun-arkeni`, whose 2021
 * wave is the existing demo (its 4,693 residents and 2,677 wanting change stay as they were). The
 * 2025 form renames `elama_kokonaisuutena` to `elamanlaatu` and merges two life situations
 * (`perhevapaalla`, `sairauslomalla`) into one; the mapping below says so, as an author would.
 * So that a trend is worth looking at, some places change: in the Oulu area fewer want change,
 * and more of them are content with their life; in Koillismaa and Oulunkaari more of those who
 * want change want a big one.
 */
export const RESIDENT_SURVEY_2025 = 'minun-arkeni-2025';
export const RESIDENT_SERIES = 'minun-arkeni';
/** Fewer answered the second round. */
export const RESIDENTS_2025 = 3900;

const LEAVE = 'perhevapaalla_tai_sairauslomalla';

/** The mapping from the 2021 wave to the 2025 wave, saved by the demo. */
export const DEMO_WAVE_MAPPING: WaveMapping = {
  questions: [
    { question: 'elamanlaatu', from: 'elama_kokonaisuutena', comparable: true, note: 'Kysymys nimettiin uudelleen vuonna 2025; sanamuoto ja asteikko ennallaan.' },
    { question: 'elamantilanne', from: 'elamantilanne', comparable: true, choices: { perhevapaalla: LEAVE, sairauslomalla: LEAVE }, note: 'Perhevapaa ja sairausloma yhdistettiin yhdeksi vaihtoehdoksi vuonna 2025.' },
  ],
};

// Four years and a day (2024 is a leap year): the 2021 field period's weekdays land on the same dates' weekdays closely enough.
const FOUR_YEARS = 1461 * 86_400_000;
const later = (iso: string) => new Date(Date.parse(iso) + FOUR_YEARS).toISOString();

/** The 2025 wave's residents, one at a time: made from a plan of their own (another stream of the seed), then changed as above. */
export function* residentResponses2025(options: { seed: number; count?: number; geography?: Geography }): Generator<DemoResponse> {
  const count = options.count ?? RESIDENTS_2025;
  const plan = planResidents({ seed: options.seed + 2025, count, geography: options.geography });
  for (let r = 0; r < count; r++) {
    const base = residentResponse(plan, r);
    const random = streamFor(options.seed, RESIDENT_SURVEY_2025, r);
    const area = plan.municipalities[plan.municipality[r]!]!.area;
    const data: Record<string, unknown> = { ...base.data };
    if (typeof data.elama_kokonaisuutena === 'number') {
      const lift = area === 'Oulu' && random.chance(0.3) ? 1 : 0;
      data.elamanlaatu = Math.min(5, data.elama_kokonaisuutena + lift);
    }
    delete data.elama_kokonaisuutena;
    if (Array.isArray(data.elamantilanne)) data.elamantilanne = [...new Set((data.elamantilanne as string[]).map((s) => (s === 'perhevapaalla' || s === 'sairauslomalla' ? LEAVE : s)))];
    if (area === 'Oulu' && data.muutostarve === 'pieni_muutos' && random.chance(0.3)) {
      data.muutostarve = 'ei';
      delete data.muutos_osa_alueet;
      delete data['muutos_osa_alueet-Comment'];
    }
    if ((area === 'Koillismaa' || area === 'Oulunkaari') && data.muutostarve === 'pieni_muutos' && random.chance(0.4)) data.muutostarve = 'suuri_muutos';
    yield {
      ...base,
      surveyId: RESIDENT_SURVEY_2025,
      id: demoResponseId(options.seed, RESIDENT_SURVEY_2025, r),
      data,
      startedAt: base.startedAt === null ? null : later(base.startedAt),
      submittedAt: later(base.submittedAt),
    };
  }
}

/** The 2025 wave's size for a run with `residents` in 2021 (the default's ratio). */
export const residents2025 = (residents: number) => Math.round((residents * RESIDENTS_2025) / SEED_RESIDENTS);

export { RESIDENT_SURVEY };
