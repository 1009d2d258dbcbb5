import path from 'node:path';
import { projectRoot } from '../../server/config.ts';
import { loadGeography, type Geography, type Municipality } from '../../server/geography.ts';
import { CHANGE_AREAS, dealPicks, pickTotals, picksPerRespondent } from './change-areas.ts';
import { residentsPerMunicipality, SEED_RESIDENTS } from './municipalities.ts';
import { demoResponseId, Random, streamFor } from './random.ts';
import { minutesBefore, momentIn, type DemoResponse, type FieldPeriod } from './response.ts';
import * as texts from './texts.ts';

export const RESIDENT_SURVEY = 'minun-arkeni';

/** The seed's count of residents who wanted change (small or big), at its 4,693 respondents. */
export const SEED_WANTING_CHANGE = 2677;

/** The deck dates the resident survey only to autumn 2021; six weeks in October–November stand in. */
export const RESIDENT_FIELD_PERIOD: FieldPeriod = { from: '2021-10-04', to: '2021-11-14', hours: 'residents' };

const AGES = ['13_17', '18_29', '30_44', '45_64', '65_74', '75_plus'] as const;
const [TEEN, YOUNG, ADULT, MIDDLE, SENIOR, ELDERLY] = [0, 1, 2, 3, 4, 5];
const GENDERS = ['nainen', 'mies', 'muu', 'en_halua_sanoa'] as const;
const [WOMAN, MAN, OTHER_GENDER] = [0, 1, 2];
const SITUATIONS = [
  'koululainen', 'opiskelija', 'tyossa', 'yrittaja', 'tyoton', 'elakkeella',
  'perhevapaalla', 'sairauslomalla', 'varusmies_tai_siviilipalvelus', 'muu',
] as const;
const bit = (s: (typeof SITUATIONS)[number]) => 1 << SITUATIONS.indexOf(s);
const SATISFACTION_ROWS = CHANGE_AREAS.filter((a) => a !== 'other');
const NONE = 255;

/** Who the residents are: everything the county totals depend on, decided up front so they come out exact. */
export interface ResidentPlan {
  readonly seed: number;
  readonly count: number;
  readonly municipalities: readonly Municipality[];
  /** Per respondent (in order of answering): index into `municipalities`. */
  readonly municipality: Uint8Array;
  /** Index into the age groups, 255 when not answered. */
  readonly age: Uint8Array;
  /** Index into the genders, 255 when not answered. */
  readonly gender: Uint8Array;
  /** Bits of the life situations ticked; 0 when the question was skipped. */
  readonly situation: Uint16Array;
  /** A latent "how life is going" score, standard normal-ish: drives every rating. */
  readonly wellbeing: Float32Array;
  /** 0 no change wanted, 1 a small change, 2 a big change, 255 not answered. */
  readonly change: Uint8Array;
  /** Three slots per respondent: indices into CHANGE_AREAS, 255 empty. */
  readonly picks: Uint8Array;
}

export interface ResidentOptions {
  readonly seed: number;
  /** Number of residents; the seed survey's 4,693 by default. */
  readonly count?: number;
  /** The municipalities and their populations; the project's geography file by default. */
  readonly geography?: Geography;
}

let defaultGeography: Geography | undefined;
function geographyOf(options: ResidentOptions): Geography {
  if (options.geography) return options.geography;
  defaultGeography ??= loadGeography(path.join(projectRoot, 'surveys/geography/municipalities.csv'));
  return defaultGeography;
}

/** Shares of the age groups among respondents: working-age people answer most; smaller places are older. */
function ageWeights(rural: boolean): number[] {
  return rural ? [0.08, 0.1, 0.21, 0.32, 0.2, 0.09] : [0.08, 0.16, 0.27, 0.29, 0.14, 0.06];
}

function lifeSituation(random: Random, age: number, gender: number): number {
  const r = random.next();
  switch (age) {
    case TEEN:
      return (r < 0.9 ? bit('koululainen') : bit('opiskelija')) | (random.chance(0.06) ? bit('tyossa') : 0);
    case YOUNG: {
      const family = gender === WOMAN ? 0.08 : 0.02;
      const service = gender === MAN ? 0.07 : 0.005;
      if (r < 0.38) return bit('opiskelija') | (random.chance(0.35) ? bit('tyossa') : 0);
      if (r < 0.74) return bit('tyossa');
      if (r < 0.85) return bit('tyoton');
      if (r < 0.85 + family) return bit('perhevapaalla');
      if (r < 0.85 + family + service) return bit('varusmies_tai_siviilipalvelus');
      if (r < 0.97) return bit('yrittaja');
      return bit('muu');
    }
    case SENIOR:
      if (r < 0.9) return bit('elakkeella') | (random.chance(0.1) ? bit('tyossa') : 0);
      return r < 0.96 ? bit('tyossa') : bit('yrittaja');
    case ELDERLY:
      return bit('elakkeella');
    default: {
      // 30–64, and those who did not give their age.
      const family = age === ADULT ? (gender === WOMAN ? 0.1 : 0.03) : 0;
      const retired = age === MIDDLE ? 0.08 : 0;
      if (r < 0.66) return bit('tyossa') | (random.chance(0.05) ? bit('opiskelija') : 0);
      if (r < 0.73) return bit('yrittaja');
      if (r < 0.81) return bit('tyoton');
      if (r < 0.84) return bit('sairauslomalla');
      if (r < 0.84 + family) return bit('perhevapaalla');
      if (r < 0.84 + family + retired) return bit('elakkeella');
      if (r < 0.95) return bit('tyossa');
      return random.chance(0.5) ? bit('opiskelija') : bit('muu');
    }
  }
}

function wellbeingOf(random: Random, age: number, gender: number, situation: number): number {
  let z = random.normal();
  if (situation & bit('tyoton')) z -= 0.6;
  if (situation & bit('sairauslomalla')) z -= 0.8;
  if (gender === OTHER_GENDER) z -= 0.4;
  z += [-0.05, -0.15, 0, 0, 0.25, 0.05, 0][age === NONE ? 6 : age]!;
  return z;
}

// How much more (or less) likely than average a group is to pick an area; unnamed areas are 1.
const factors = (f: Readonly<Record<string, number>>) => Float64Array.from(CHANGE_AREAS, (a) => f[a] ?? 1);
const BY_AGE: readonly Float64Array[] = [
  factors({ ihmissuhteet: 1.5, taloudellinen_tilanne: 0.5, tyo: 0.25, harrastukset: 2.3, vapaa_aika: 1.6, mielen_hyvinvointi: 1.4, asunto: 0.3, fyysinen_terveys: 0.7, asunnon_lahiymparisto: 0.8, elinymparisto: 1.1, avun_ja_palvelun_saanti: 0.6, seksuaalinen_hyvinvointi: 0.6, turvallisuuden_tunne: 1.3, sujuva_arki: 0.7, kyky_vaikuttaa_omaan_elamaan: 1.5, other: 1.2, toimintakyky: 0.4, kyky_kayttaa_palveluja: 0.5 }), // 13–17
  factors({ ihmissuhteet: 1.3, taloudellinen_tilanne: 1.5, tyo: 1.4, harrastukset: 1.2, vapaa_aika: 1.1, mielen_hyvinvointi: 1.5, asunto: 1.3, fyysinen_terveys: 0.8, asunnon_lahiymparisto: 0.9, avun_ja_palvelun_saanti: 0.8, seksuaalinen_hyvinvointi: 1.3, kyky_vaikuttaa_omaan_elamaan: 1.1, toimintakyky: 0.5, kyky_kayttaa_palveluja: 0.6 }), // 18–29
  factors({ taloudellinen_tilanne: 1.2, tyo: 1.2, harrastukset: 0.9, vapaa_aika: 1.4, elintavat: 1.1, mielen_hyvinvointi: 1.1, asunto: 1.1, fyysinen_terveys: 0.9, avun_ja_palvelun_saanti: 0.9, turvallisuuden_tunne: 0.9, sujuva_arki: 1.6, toimintakyky: 0.7, kyky_kayttaa_palveluja: 0.8 }), // 30–44
  factors({ ihmissuhteet: 0.9, tyo: 1.1, harrastukset: 0.9, elintavat: 1.3, mielen_hyvinvointi: 0.9, asunto: 0.9, fyysinen_terveys: 1.3, seksuaalinen_hyvinvointi: 0.9, turvallisuuden_tunne: 0.9, sujuva_arki: 1.1, kyky_vaikuttaa_omaan_elamaan: 0.9, toimintakyky: 1.1 }), // 45–64
  factors({ ihmissuhteet: 1.1, taloudellinen_tilanne: 0.8, tyo: 0.15, vapaa_aika: 0.8, elintavat: 1.1, mielen_hyvinvointi: 0.7, asunto: 0.9, fyysinen_terveys: 1.6, asunnon_lahiymparisto: 1.2, elinymparisto: 1.1, avun_ja_palvelun_saanti: 1.6, seksuaalinen_hyvinvointi: 0.5, turvallisuuden_tunne: 1.1, sujuva_arki: 0.9, kyky_vaikuttaa_omaan_elamaan: 0.9, toimintakyky: 1.8, kyky_kayttaa_palveluja: 1.6 }), // 65–74
  factors({ ihmissuhteet: 1.2, taloudellinen_tilanne: 0.7, tyo: 0.03, harrastukset: 0.7, vapaa_aika: 0.6, elintavat: 0.8, mielen_hyvinvointi: 0.7, asunto: 1.1, fyysinen_terveys: 1.8, asunnon_lahiymparisto: 1.1, avun_ja_palvelun_saanti: 2.2, seksuaalinen_hyvinvointi: 0.25, turvallisuuden_tunne: 1.6, kyky_vaikuttaa_omaan_elamaan: 0.9, toimintakyky: 2.6, kyky_kayttaa_palveluja: 2.5 }), // 75+
];
// Sparsely populated areas want access to help and a living environment; Oulu, housing and safety.
const BY_AREA: Readonly<Record<string, Float64Array>> = {
  Oulu: factors({ asunto: 1.2, asunnon_lahiymparisto: 1.2, elinymparisto: 0.9, avun_ja_palvelun_saanti: 0.9, turvallisuuden_tunne: 1.2, kyky_kayttaa_palveluja: 0.9 }),
  Koillismaa: factors({ tyo: 1.15, harrastukset: 1.15, asunto: 0.85, asunnon_lahiymparisto: 0.9, elinymparisto: 1.2, avun_ja_palvelun_saanti: 1.5, turvallisuuden_tunne: 0.9, kyky_kayttaa_palveluja: 1.3 }),
  Oulunkaari: factors({ tyo: 1.15, harrastukset: 1.15, asunto: 0.85, asunnon_lahiymparisto: 0.9, elinymparisto: 1.2, avun_ja_palvelun_saanti: 1.5, turvallisuuden_tunne: 0.9, kyky_kayttaa_palveluja: 1.3 }),
  Eteläinen: factors({ harrastukset: 1.1, asunto: 0.9, elinymparisto: 1.1, avun_ja_palvelun_saanti: 1.25, kyky_kayttaa_palveluja: 1.1 }),
  Lakeus: factors({ vapaa_aika: 1.1, sujuva_arki: 1.2 }),
  Rannikko: factors({ tyo: 1.1, elinymparisto: 1.1, avun_ja_palvelun_saanti: 1.1 }),
};
const BY_SITUATION: readonly [number, Float64Array][] = [
  [bit('tyoton'), factors({ tyo: 3, taloudellinen_tilanne: 1.8, kyky_vaikuttaa_omaan_elamaan: 1.4 })],
  [bit('opiskelija'), factors({ taloudellinen_tilanne: 1.4, asunto: 1.2 })],
  [bit('perhevapaalla'), factors({ vapaa_aika: 1.6, sujuva_arki: 1.8, tyo: 0.7 })],
  [bit('sairauslomalla'), factors({ fyysinen_terveys: 2, mielen_hyvinvointi: 2, toimintakyky: 2 })],
];
const RETIRED_NOT_WORKING = factors({ tyo: 0.3 });
const BY_GENDER: readonly Float64Array[] = [
  factors({ mielen_hyvinvointi: 1.1, elintavat: 1.05 }),
  factors({ tyo: 1.1, ihmissuhteet: 0.95 }),
  factors({ seksuaalinen_hyvinvointi: 2, turvallisuuden_tunne: 1.8 }),
  factors({}),
];
const BIG_CHANGE = factors({ mielen_hyvinvointi: 1.3, taloudellinen_tilanne: 1.3, asunto: 1.2 });

function times(into: Float64Array, by: Float64Array): void {
  for (let a = 0; a < into.length; a++) into[a]! *= by[a]!;
}

/** How strongly respondent `r` is drawn to each area (before the supply of picks is taken into account). */
function affinityOf(plan: Omit<ResidentPlan, 'picks'>, r: number, into: Float64Array): void {
  const age = plan.age[r]!;
  into.set(BY_AGE[age === NONE ? MIDDLE : age]!);
  times(into, BY_AREA[plan.municipalities[plan.municipality[r]!]!.area] ?? BY_AREA.Eteläinen!);
  const s = plan.situation[r]!;
  for (const [situation, by] of BY_SITUATION) if (s & situation) times(into, by);
  if (s & bit('elakkeella') && !(s & bit('tyossa'))) times(into, RETIRED_NOT_WORKING);
  const gender = plan.gender[r]!;
  if (gender !== NONE) times(into, BY_GENDER[gender]!);
  if (plan.change[r] === 2) times(into, BIG_CHANGE);
}

/**
 * Decides who answers: municipality, age group, gender, life situation, how life is going, who
 * wants change, and the 1–3 areas each of them picks. At 4,693 respondents exactly 2,677 want
 * change and the picks give the seed chart's shares (rounded to whole picks); other sizes scale.
 */
export function planResidents(options: ResidentOptions): ResidentPlan {
  const { seed } = options;
  const count = options.count ?? SEED_RESIDENTS;
  const geography = geographyOf(options);
  const random = streamFor(seed, 'resident-plan');

  const allocation = residentsPerMunicipality(geography, seed, count);
  const municipalities = allocation.map((a) => a.municipality);
  const municipality = new Uint8Array(count);
  let at = 0;
  allocation.forEach((a, i) => municipality.fill(i, at, (at += a.count)));
  random.shuffle(municipality);

  const age = new Uint8Array(count);
  const gender = new Uint8Array(count);
  const situation = new Uint16Array(count);
  const wellbeing = new Float32Array(count);
  const change = new Uint8Array(count);
  const urban = [ageWeights(false), ageWeights(true)];
  for (let r = 0; r < count; r++) {
    const m = municipalities[municipality[r]!]!;
    const a = random.chance(0.01) ? NONE : random.weighted(urban[m.population < 15_000 ? 1 : 0]!);
    age[r] = a;
    const genderWeights = a === TEEN ? [0.55, 0.38, 0.03, 0.04] : [0.64, 0.33, 0.01, 0.02];
    const g = random.chance(0.015) ? NONE : random.weighted(genderWeights);
    gender[r] = g;
    const s = random.chance(0.015) ? 0 : lifeSituation(random, a, g);
    situation[r] = s;
    wellbeing[r] = wellbeingOf(random, a, g, s);
  }

  // Those who want change are the ones for whom life is going least well, give or take: exactly
  // `wanting` of them, the least well off third of those wanting a big change.
  const wanting = Math.round((count * SEED_WANTING_CHANGE) / SEED_RESIDENTS);
  const score = Float64Array.from(wellbeing, (z) => z + 0.7 * random.normal());
  const byScore = Uint32Array.from({ length: count }, (_, i) => i).sort((x, y) => score[x]! - score[y]! || x - y);
  for (let n = 0; n < wanting; n++) change[byScore[n]!] = n < wanting * 0.3 ? 2 : 1;
  for (let n = wanting; n < count; n++) if (random.chance(0.025)) change[byScore[n]!] = NONE;

  // How many areas each picks: exact counts of one, two and three, big-change wanters leaning to three.
  const wanters = Uint32Array.from(byScore.subarray(0, wanting)).sort();
  const totals = pickTotals(wanting);
  const { one, two } = picksPerRespondent(wanting, totals.reduce((s, c) => s + c, 0));
  const keen = Float64Array.from(wanters, (r) => random.next() + (change[r] === 2 ? 0.3 : 0));
  const byKeenness = Uint32Array.from({ length: wanting }, (_, i) => i).sort((x, y) => keen[x]! - keen[y]! || x - y);
  const wanted = new Uint8Array(wanting);
  byKeenness.forEach((w, n) => (wanted[w] = n < one ? 1 : n < one + two ? 2 : 3));

  const partial = { seed, count, municipalities, municipality, age, gender, situation, wellbeing, change };
  const dealt = dealPicks(wanted, totals, (w, into) => affinityOf(partial, wanters[w]!, into), random);
  const picks = new Uint8Array(count * 3).fill(NONE);
  wanters.forEach((r, w) => picks.set(dealt.subarray(w * 3, w * 3 + 3), r * 3));
  return { ...partial, picks };
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
// How satisfied people are with each area on average, relative to life as a whole.
const ROW_OFFSET: Readonly<Record<string, number>> = {
  ihmissuhteet: 0.2, taloudellinen_tilanne: -0.2, tyo: 0, harrastukset: -0.05, vapaa_aika: 0, elintavat: -0.1,
  mielen_hyvinvointi: -0.05, asunto: 0.35, fyysinen_terveys: -0.05, asunnon_lahiymparisto: 0.35, elinymparisto: 0.3,
  avun_ja_palvelun_saanti: -0.35, seksuaalinen_hyvinvointi: 0.1, turvallisuuden_tunne: 0.5, sujuva_arki: 0.1,
  kyky_vaikuttaa_omaan_elamaan: 0.15, toimintakyky: 0.35, kyky_kayttaa_palveluja: 0.1,
};
const PAPER_BY_AGE = [0.01, 0.01, 0.02, 0.05, 0.18, 0.45, 0.1];
// The web form in Finnish, plain Finnish (selkokieli), English and Swedish.
const LOCALES = ['fi', 'fi-selko', 'en', 'sv'] as const;
const LOCALE_WEIGHTS = [0.965, 0.02, 0.012, 0.003];

/** Respondent `r` of the plan as a response to the resident survey. */
export function residentResponse(plan: ResidentPlan, r: number): DemoResponse {
  const random = streamFor(plan.seed, RESIDENT_SURVEY, r);
  const age = plan.age[r]!;
  const gender = plan.gender[r]!;
  const s = plan.situation[r]!;
  const z = plan.wellbeing[r]!;
  const municipality = plan.municipalities[plan.municipality[r]!]!;
  const rural = municipality.population < 15_000;
  const picks = [...plan.picks.subarray(r * 3, r * 3 + 3)].filter((p) => p !== NONE).map((p) => CHANGE_AREAS[p]!);
  const paper = random.chance(PAPER_BY_AGE[age === NONE ? 6 : age]!);
  const locale = paper ? 'fi' : LOCALES[random.weighted(LOCALE_WEIGHTS)]!;
  const english = locale === 'en';

  const data: Record<string, unknown> = { kunta: municipality.code };
  if (age !== NONE) data.ikaryhma = AGES[age];
  if (gender !== NONE) data.sukupuoli = GENDERS[gender];
  if (s !== 0) data.elamantilanne = SITUATIONS.filter((name) => s & bit(name));

  if (!random.chance(paper ? 0.06 : 0.02)) {
    const notWorking = (s & (bit('koululainen') | bit('elakkeella'))) !== 0 && (s & bit('tyossa')) === 0;
    const rows: Record<string, number | string> = {};
    for (const row of SATISFACTION_ROWS) {
      if (random.chance(paper ? 0.04 : 0.005)) continue;
      let dontKnow = 0.015;
      if (row === 'tyo' && notWorking) dontKnow = 0.65;
      if (row === 'seksuaalinen_hyvinvointi') dontKnow = age === TEEN ? 0.45 : age === ELDERLY ? 0.35 : 0.15;
      if (row === 'avun_ja_palvelun_saanti' || row === 'kyky_kayttaa_palveluja') dontKnow = 0.08;
      if (random.chance(dontKnow)) {
        rows[row] = 'en_osaa_sanoa';
        continue;
      }
      const mean = 3.55 + 0.75 * z + ROW_OFFSET[row]! - (picks.includes(row) ? 1 : 0);
      rows[row] = clamp(Math.round(mean + 0.8 * random.normal()), 1, 5);
    }
    if (Object.keys(rows).length > 0) data.tyytyvaisyys = rows;
  }
  if (!random.chance(0.01)) data.elama_kokonaisuutena = clamp(Math.round(3.5 + 0.85 * z + 0.55 * random.normal()), 1, 5);

  const change = plan.change[r]!;
  if (change !== NONE) data.muutostarve = ['ei', 'pieni_muutos', 'suuri_muutos'][change];
  if (picks.length > 0) {
    data.muutos_osa_alueet = picks;
    if (picks.includes('other')) data['muutos_osa_alueet-Comment'] = english ? 'Learning Finnish' : random.pick(texts.OTHER_AREA);
  }

  const talkative = (paper ? 0.6 : 1) * (age === TEEN ? 0.6 : 1);
  const bank = (...finnish: (readonly string[])[]) => (english ? [texts.ENGLISH] : finnish);
  if (random.chance((change === 1 || change === 2 ? 0.5 : 0.2) * talkative)) {
    const help = picks.length > 0 ? picks.map((p) => texts.HELP_BY_AREA[p] ?? []) : [texts.HELP_BY_AREA.vapaa_aika!, texts.HELP_BY_AREA.harrastukset!];
    data.mika_auttaisi = texts.openAnswer(random, ...bank(...help));
  }
  if (random.chance(0.35 * talkative)) data.mita_voin_itse = texts.openAnswer(random, ...bank(age === TEEN ? texts.SELF_HELP_YOUNG : texts.SELF_HELP));
  if (random.chance(0.4 * talkative)) data.kunnan_panostukset = texts.openAnswer(random, ...bank(texts.MUNICIPALITY_INVEST, ...(rural ? [texts.MUNICIPALITY_INVEST_RURAL] : [])));
  if (random.chance(0.38 * talkative)) data.hyvinvointialueen_panostukset = texts.openAnswer(random, ...bank(texts.COUNTY_INVEST, ...(rural ? [texts.COUNTY_INVEST_RURAL] : [])));

  // Answers arrive in order over the field period; paper forms are typed in a few days later.
  const answered = momentIn(RESIDENT_FIELD_PERIOD, (r + random.next()) / plan.count);
  const submitted = paper ? new Date(answered.getTime() + random.int(1, 10) * 86_400_000 + random.int(0, 7 * 3600) * 1000) : answered;
  return {
    surveyId: RESIDENT_SURVEY,
    id: demoResponseId(plan.seed, RESIDENT_SURVEY, r),
    data,
    channel: paper ? 'paper' : 'web',
    locale,
    startedAt: paper ? null : minutesBefore(submitted, 3 + 20 * random.next() * random.next()),
    submittedAt: submitted.toISOString(),
  };
}

/**
 * Synthetic answers to the resident survey "Minun arkeni ja elämäni", one at a time: fast enough
 * for a million (the benchmarks), with the same distribution at every size. The plan is made
 * when iteration starts (a few bytes per respondent); each response is built as it is asked for.
 */
export function* residentResponses(options: ResidentOptions): Generator<DemoResponse> {
  const plan = planResidents(options);
  for (let r = 0; r < plan.count; r++) yield residentResponse(plan, r);
}
