import type { Geography, Municipality } from '../../server/geography.ts';
import { CHANGE_AREAS } from './change-areas.ts';
import * as t from './professional-texts.ts';
import { demoResponseId, streamFor, type Random } from './random.ts';
import { minutesBefore, momentIn, type DemoResponse, type FieldPeriod } from './response.ts';

/** Ticks each choice with its own chance, keeping between `min` and `max` ticks (highest chances first when trimming). */
export function tick(random: Random, chances: Readonly<Record<string, number>>, min: number, max: number): string[] {
  const entries = Object.entries(chances);
  let picked = entries.filter(([, p]) => random.chance(p)).map(([v]) => v);
  while (picked.length < min) {
    const left = entries.filter(([v]) => !picked.includes(v));
    picked.push(left[random.weighted(left.map(([, p]) => p))]![0]);
  }
  if (picked.length > max) picked = random.sample(picked, max);
  // In the order the form lists them.
  return entries.map(([v]) => v).filter((v) => picked.includes(v));
}

/** Municipalities drawn in proportion to population^power, without repeats. */
export function someMunicipalities(random: Random, from: readonly Municipality[], count: number, power = 0.7): Municipality[] {
  const left = [...from];
  const chosen: Municipality[] = [];
  while (chosen.length < count && left.length > 0) chosen.push(left.splice(random.weighted(left.map((m) => Math.pow(m.population, power))), 1)[0]!);
  return chosen;
}

/** `count` moments spread over a field period, in order. */
export function momentsIn(period: FieldPeriod, count: number, random: Random): Date[] {
  return Array.from({ length: count }, (_, i) => momentIn(period, (i + random.next()) / count));
}

const FIELD_TYPES = {
  sosiaali_ja_terveys: 0.45, lapset_nuoret_perheet: 0.25, ikaantyneet: 0.2, liikunta_ja_urheilu: 0.18, kulttuuri: 0.1,
  kyla_ja_asukastoiminta: 0.15, monikulttuurisuus: 0.06, tyollisyys: 0.06, turvallisuus: 0.04,
};

/** What the members of an organisation in these fields are like. */
function targetGroups(random: Random, fields: readonly string[]): string[] {
  const chances: Record<string, number> = {
    lapset: 0.08, nuoret: 0.1, lapsiperheet: 0.08, tyoikaiset: 0.15, ikaantyneet: 0.15, vammaiset: 0.08,
    pitkaaikaissairaat: 0.1, maahanmuuttajat: 0.03, kaikki_asukkaat: 0.12,
  };
  if (fields.includes('sosiaali_ja_terveys')) (chances.pitkaaikaissairaat = 0.5), (chances.vammaiset = 0.3), (chances.tyoikaiset = 0.3);
  if (fields.includes('lapset_nuoret_perheet')) (chances.lapset = 0.6), (chances.nuoret = 0.6), (chances.lapsiperheet = 0.6);
  if (fields.includes('ikaantyneet')) chances.ikaantyneet = 0.9;
  if (fields.includes('liikunta_ja_urheilu')) (chances.lapset = 0.5), (chances.nuoret = 0.5), (chances.kaikki_asukkaat = 0.3);
  if (fields.includes('kyla_ja_asukastoiminta')) chances.kaikki_asukkaat = 0.8;
  if (fields.includes('monikulttuurisuus')) chances.maahanmuuttajat = 0.9;
  return tick(random, chances, 1, 4);
}

/** Where an organisation works: most in one municipality, some in several of one area, a few everywhere. */
function workingMunicipalities(random: Random, geography: Geography): string[] {
  const all = geography.municipalities;
  const r = random.next();
  if (r < 0.15) return all.map((m) => m.code); // "Kaikki Pohjois-Pohjanmaan kunnat"
  const home = someMunicipalities(random, all, 1)[0]!;
  if (r < 0.7) return [home.code];
  const neighbours = all.filter((m) => m.area === home.area && m !== home);
  return [home, ...someMunicipalities(random, neighbours, random.int(1, Math.min(5, neighbours.length)))].map((m) => m.code);
}

// Organisations see their members' needs: loneliness, mental health, access to help, money.
const ORGANISATION_AREA_CHANCES: Readonly<Record<string, number>> = {
  ihmissuhteet: 0.45, taloudellinen_tilanne: 0.3, tyo: 0.08, harrastukset: 0.2, vapaa_aika: 0.06, elintavat: 0.1,
  mielen_hyvinvointi: 0.4, asunto: 0.05, fyysinen_terveys: 0.12, asunnon_lahiymparisto: 0.03, elinymparisto: 0.05,
  avun_ja_palvelun_saanti: 0.35, seksuaalinen_hyvinvointi: 0.02, turvallisuuden_tunne: 0.05, sujuva_arki: 0.06,
  kyky_vaikuttaa_omaan_elamaan: 0.06, other: 0.05, toimintakyky: 0.15, kyky_kayttaa_palveluja: 0.12,
};

export const ORGANISATION_SURVEY = 'minun-arkeni-jarjestot';
const ORGANISATION_PERIOD: FieldPeriod = { from: '2021-10-04', to: '2021-11-14', hours: 'office' };

/** The seed's 116 organisation answers to "Minun arkeni ja elämäni" (järjestöjen versio). */
export function organisationResponses(seed: number, geography: Geography, count = 116): DemoResponse[] {
  const random = streamFor(seed, ORGANISATION_SURVEY);
  const times = momentsIn(ORGANISATION_PERIOD, count, random);
  return times.map((submitted, i) => {
    const fields = tick(random, FIELD_TYPES, 1, 3);
    const data: Record<string, unknown> = { toimiala: random.chance(0.08) ? [...fields, 'other'] : fields };
    if ((data.toimiala as string[]).includes('other')) data['toimiala-Comment'] = random.pick(t.ORGANISATION_OTHER_FIELD);
    data.toiminta_kunnat = workingMunicipalities(random, geography);
    if (random.chance(0.95)) data.kohderyhmat = targetGroups(random, fields);
    const areas = tick(random, ORGANISATION_AREA_CHANCES, 1, 3);
    data.muutos_osa_alueet = CHANGE_AREAS.filter((a) => a !== 'other' && areas.includes(a)).concat(areas.includes('other') ? ['other'] : []);
    if (areas.includes('other')) data['muutos_osa_alueet-Comment'] = random.pick(t.ORGANISATION_OTHER_AREA);
    if (random.chance(0.7)) data.muutos_perustelut = random.pick(t.CHANGE_REASONS);
    if (random.chance(0.6)) data.mika_auttaisi = random.pick(t.ORGANISATION_HELP);
    if (random.chance(0.55)) data.jarjeston_rooli = random.pick(t.ORGANISATION_ROLE);
    if (random.chance(0.5)) data.kunnan_panostukset = random.pick(t.ORGANISATION_MUNICIPALITY);
    if (random.chance(0.5)) data.hyvinvointialueen_panostukset = random.pick(t.ORGANISATION_COUNTY);
    if (random.chance(0.2)) data.muut_terveiset = random.pick(t.ORGANISATION_GREETINGS);
    return {
      surveyId: ORGANISATION_SURVEY,
      id: demoResponseId(seed, ORGANISATION_SURVEY, i),
      data,
      channel: 'web',
      locale: 'fi',
      startedAt: minutesBefore(submitted, 8 + 25 * random.next()),
      submittedAt: submitted.toISOString(),
    };
  });
}

export const COOPERATION_SURVEY = 'jarjestoyhteistyo';
const COOPERATION_PERIOD: FieldPeriod = { from: '2022-01-10', to: '2022-02-04', hours: 'office' };
const COOPERATION_FORMS = [
  'jarjestoneuvottelukunta', 'jarjestoverkostot', 'alueelliset_tapaamiset', 'jarjestofoorumi', 'palveluketjut',
  'palvelujen_kehittaminen', 'hyvinvointisuunnitelma', 'palveluntuotanto', 'turvallisuus_ja_pelastus', 'viestinta',
];
const INTEREST_ROWS = ['yhdyshenkilo', 'jarjestokoordinaattori', 'foorumit_ja_verkostot', 'toiminta_avustus', 'kumppanuusavustus', 'yhteishakemus'];

/** Answers to the organisation cooperation survey (järjestökysely): the deck gives no count; 64 here. */
export function cooperationResponses(seed: number, geography: Geography, count = 64): DemoResponse[] {
  const random = streamFor(seed, COOPERATION_SURVEY);
  const times = momentsIn(COOPERATION_PERIOD, count, random);
  return times.map((submitted, i) => {
    const kinds = ['paikallisyhdistys', 'piiri_tai_aluejarjesto', 'valtakunnallinen_jarjesto', 'palveluja_tuottava_jarjesto', 'saatio', 'other'];
    const kind = kinds[random.weighted([0.55, 0.15, 0.07, 0.13, 0.05, 0.05])]!;
    const data: Record<string, unknown> = { jarjestotyyppi: kind };
    if (kind === 'other') data['jarjestotyyppi-Comment'] = random.pick(t.OTHER_ORGANISATION_TYPE);
    if (random.chance(0.95)) data.toimiala = tick(random, FIELD_TYPES, 1, 3);
    const staff = {
      paikallisyhdistys: [0.75, 0.2, 0.05, 0],
      piiri_tai_aluejarjesto: [0.05, 0.5, 0.4, 0.05],
      valtakunnallinen_jarjesto: [0, 0.2, 0.4, 0.4],
      palveluja_tuottava_jarjesto: [0, 0.1, 0.4, 0.5],
    }[kind] ?? [0.4, 0.4, 0.15, 0.05];
    if (random.chance(0.97)) data.henkilosto = ['ei', '1_4', '5_19', '20_plus'][random.weighted(staff)];
    const reach = {
      paikallisyhdistys: [0.8, 0.2, 0, 0],
      piiri_tai_aluejarjesto: [0, 0.4, 0.6, 0],
      valtakunnallinen_jarjesto: [0, 0, 0.2, 0.8],
      palveluja_tuottava_jarjesto: [0.1, 0.5, 0.4, 0],
    }[kind] ?? [0.3, 0.3, 0.3, 0.1];
    const area = ['yksi_kunta', 'useita_kuntia', 'koko_maakunta', 'valtakunnallisesti'][random.weighted(reach)]!;
    data.toiminta_alue = area;
    if (area === 'yksi_kunta') data.toiminta_kunnat = someMunicipalities(random, geography.municipalities, 1).map((m) => m.code);
    if (area === 'useita_kuntia') data.toiminta_kunnat = someMunicipalities(random, geography.municipalities, random.int(2, 8)).map((m) => m.code);
    if (random.chance(0.95)) {
      const forms = random.sample(COOPERATION_FORMS, random.int(1, 4));
      data.yhteistyomuodot = COOPERATION_FORMS.filter((f) => forms.includes(f));
      // The ranking is shown when more than one form was ticked, and must order all of them.
      if (forms.length > 1 && random.chance(0.9)) data.yhteistyomuodot_jarjestys = forms;
    }
    const interest: Record<string, string> = {};
    for (const row of INTEREST_ROWS) {
      if (random.chance(0.03)) continue;
      interest[row] = ['paljon', 'jonkin_verran', 'ei', 'en_osaa_sanoa'][random.weighted(row === 'kumppanuusavustus' ? [0.2, 0.35, 0.3, 0.15] : [0.4, 0.4, 0.1, 0.1])]!;
    }
    data.kiinnostus = interest;
    if (random.chance(0.92)) {
      if (random.chance(0.15)) data.rahoitus_nyt = ['none'];
      else {
        const sources = tick(random, { kunta: 0.6, hyvinvointialue: 0.05, stea: 0.4, esr_tai_muu_eu: 0.1, ely: 0.08, ostopalvelusopimus: 0.15, other: 0.15 }, 1, 4);
        data.rahoitus_nyt = sources;
        if (sources.includes('other')) data['rahoitus_nyt-Comment'] = random.pick(t.OTHER_FUNDING);
      }
    }
    if (random.chance(0.6)) data.yhdyshenkilon_tuki = random.pick(t.CONTACT_PERSON_SUPPORT);
    if (random.chance(0.35)) data.yhteistyo_muuta = random.pick(t.COOPERATION_NOTES);
    return {
      surveyId: COOPERATION_SURVEY,
      id: demoResponseId(seed, COOPERATION_SURVEY, i),
      data,
      channel: 'web',
      locale: 'fi',
      startedAt: minutesBefore(submitted, 6 + 20 * random.next()),
      submittedAt: submitted.toISOString(),
    };
  });
}
