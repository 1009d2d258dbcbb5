import type { Geography, Municipality } from '../../server/geography.ts';
import { momentsIn, someMunicipalities, tick } from './organisations.ts';
import * as t from './professional-texts.ts';
import { demoResponseId, streamFor, type Random } from './random.ts';
import { minutesBefore, type DemoResponse, type FieldPeriod } from './response.ts';

const round2 = (x: number) => Math.round(x * 100) / 100;

function response(seed: number, surveyId: string, index: number, data: Record<string, unknown>, channel: 'web' | 'interview', submitted: Date, minutes: number): DemoResponse {
  return {
    surveyId,
    id: demoResponseId(seed, surveyId, index),
    data,
    channel,
    locale: 'fi',
    startedAt: minutesBefore(submitted, minutes),
    submittedAt: submitted.toISOString(),
  };
}

export const YOUTH_WORK_SURVEY = 'nuorisotyo';
// AVI's electronic survey ran 29.11.–16.12.2021; the three workshop interviews came after it.
const YOUTH_WORK_PERIOD: FieldPeriod = { from: '2021-11-29', to: '2021-12-16', hours: 'office' };
const YOUTH_INTERVIEW_PERIOD: FieldPeriod = { from: '2022-01-10', to: '2022-01-21', hours: 'office' };
const YOUTH_PARTNERS = ['koulu_ja_opiskeluhuolto', 'mielenterveys_ja_paihdepalvelut', 'sosiaalityo', 'tyollisyyspalvelut'];
// How well cooperation works, 1–5: schools best, mental-health and substance-abuse services worst.
const YOUTH_PARTNER_MEAN = [3.8, 2.4, 3.2, 3];

/** The seed's youth work professionals: 18 electronic answers, plus 3 interviews on youth workshops. */
export function youthWorkResponses(seed: number, geography: Geography, web = 18, interviews = 3): DemoResponse[] {
  const random = streamFor(seed, YOUTH_WORK_SURVEY);
  const places = someMunicipalities(random, geography.municipalities, web + interviews, 0.5);
  const webTimes = momentsIn(YOUTH_WORK_PERIOD, web, random);
  const interviewTimes = momentsIn(YOUTH_INTERVIEW_PERIOD, interviews, random);
  const out: DemoResponse[] = [];
  for (let i = 0; i < web + interviews; i++) {
    const interview = i >= web;
    const place = places[i]!;
    const roles = interview
      ? ['nuorten_tyopaja', ...(random.chance(0.3) ? ['etsiva_nuorisotyo'] : [])]
      : tick(random, { perusnuorisotyo: 0.5, etsiva_nuorisotyo: 0.35, nuorten_tyopaja: 0.2, ohjaamo: 0.12, jarjesto: 0.1 }, 1, 2);
    const data: Record<string, unknown> = { rooli: [...new Set(roles)] };
    // An organisation working across the county answers "another municipality".
    data.kunta = roles.includes('jarjesto') && random.chance(0.5) ? 'muu' : place.code;
    const works: Record<string, number | string> = {};
    YOUTH_PARTNERS.forEach((row, k) => {
      if (random.chance(0.06)) works[row] = random.chance(0.5) ? 'ei_yhteistyota' : 'en_osaa_sanoa';
      else works[row] = Math.min(5, Math.max(1, Math.round(YOUTH_PARTNER_MEAN[k]! + 0.9 * random.normal())));
    });
    data.yhteistyo_toimivuus = works;
    if (interview || random.chance(0.8)) data.yhteistyo_toimii = random.pick(t.YOUTH_WORKS_WELL);
    if (interview || random.chance(0.85)) data.yhteistyo_kehitettavaa = random.pick(t.YOUTH_TO_DEVELOP);
    if (roles.includes('nuorten_tyopaja')) {
      const big = place.population > 50_000;
      data.tyopaja_sopimukset = {
        sosiaalinen_kuntoutus: big ? random.int(110, 170) : random.int(6, 45),
        kuntouttava_tyotoiminta: big ? random.int(60, 120) : random.int(2, 30),
      };
      if (interview || random.chance(0.7)) data.tyopaja_jatkuvuus = random.pick(t.WORKSHOP_CONTINUITY);
    }
    if (random.chance(0.05)) data.huolet = ['none'];
    else {
      const worries = tick(random, { yhteistyon_katkeaminen: 0.45, yhteyshenkilot: 0.5, tiedonkulku: 0.55, palveluihin_paasy: 0.5, tyopajanuoret: roles.includes('nuorten_tyopaja') ? 0.8 : 0.1, matala_kynnys: 0.35, lahipalvelut: 0.4, tieto_muutoksista: 0.45, other: 0.08 }, 1, 5);
      data.huolet = worries;
      if (worries.includes('other')) data['huolet-Comment'] = random.pick(t.YOUTH_WORRY_OTHER);
      if (interview || random.chance(0.6)) data.huolet_avoin = random.pick(t.YOUTH_WORRIES);
    }
    const wishes = tick(random, { selkeat_rakenteet: 0.5, nimetyt_yhteyshenkilot: 0.6, monialainen_yhteistyo: 0.45, opiskeluhuollon_yhteistyo: 0.3, sote_ohjaamoon: roles.includes('ohjaamo') ? 0.8 : 0.15, varhainen_tieto: 0.35, tuki_muutokseen: 0.3, other: 0.05 }, 1, 4);
    data.toiveet = wishes;
    if (wishes.includes('other')) data['toiveet-Comment'] = random.pick(t.YOUTH_WISH_OTHER);
    if (interview || random.chance(0.55)) data.toiveet_avoin = random.pick(t.YOUTH_WISHES);
    const submitted = interview ? interviewTimes[i - web]! : webTimes[i]!;
    out.push(response(seed, YOUTH_WORK_SURVEY, i, data, interview ? 'interview' : 'web', submitted, interview ? 45 + 30 * random.next() : 10 + 20 * random.next()));
  }
  return out;
}

export const SPORT_SURVEY = 'liikuntapalvelut';
// The refined survey: 11 municipalities by interview 9.–25.2.2022, the other 19 electronically.
const SPORT_INTERVIEW_PERIOD: FieldPeriod = { from: '2022-02-09', to: '2022-02-25', hours: 'office' };
const SPORT_WEB_PERIOD: FieldPeriod = { from: '2022-02-09', to: '2022-03-04', hours: 'office' };
const FACILITIES = ['liikuntasali', 'kuntosali', 'uimahalli', 'ulkoliikuntapaikat', 'sote_tilat', 'muu_tila'];

/**
 * One answer per municipality to the sport services survey: `interviews` of them entered by a
 * planner during an interview (channel `interview`, and the form's own "haastattelu"), the rest
 * on the web.
 */
export function sportResponses(seed: number, geography: Geography, interviews = 11, web = 19): DemoResponse[] {
  const random = streamFor(seed, SPORT_SURVEY);
  const places = random.shuffle([...geography.municipalities]).slice(0, interviews + web);
  const interviewTimes = momentsIn(SPORT_INTERVIEW_PERIOD, interviews, random);
  const webTimes = momentsIn(SPORT_WEB_PERIOD, web, random);
  return places.map((place, i) => {
    const interview = i < interviews;
    const small = place.population < 5000;
    const data: Record<string, unknown> = { tayttotapa: interview ? 'haastattelu' : 'itse', kunta: place.code };
    const role = ['liikuntapalvelujen_johto', 'liikunnanohjaaja', 'liikuntaneuvoja', 'other'][random.weighted([0.6, 0.2, 0.15, 0.05])]!;
    if (interview || random.chance(0.95)) {
      data.vastaajan_tehtava = role;
      if (role === 'other') data['vastaajan_tehtava-Comment'] = random.pick(t.SPORT_ROLE_OTHER);
    }
    const none = random.chance(small ? 0.2 : 0.04);
    if (none) data.yhteistyotoiminnot = ['none'];
    else {
      const activities = tick(random, {
        liikuntaneuvonta: 0.65, elintapaohjaus: 0.35, soveltava_liikunta: 0.4, ikaantyneiden_liikunta: 0.75, kuntoutuksen_jatkoliikunta: 0.35,
        mielenterveys_ja_paihdekuntoutujat: 0.3, lasten_ja_nuorten_liikunta: 0.4, tyottomien_liikunta: 0.2, other: 0.1,
      }, 1, 6);
      data.yhteistyotoiminnot = activities;
      if (activities.includes('other')) data['yhteistyotoiminnot-Comment'] = random.pick(t.SPORT_OTHER_ACTIVITY);
      if (interview || random.chance(0.7)) data.yhteistyo_kuvaus = random.pick(t.SPORT_COOPERATION);
      data.sopimukset = ['kirjallinen', 'suullinen', 'seka', 'ei_sopimusta', 'en_osaa_sanoa'][random.weighted([0.25, 0.35, 0.2, 0.15, 0.05])];
      const payment = ['maksuton', 'osittain_maksullinen', 'maksullinen', 'en_osaa_sanoa'][random.weighted([0.5, 0.3, 0.12, 0.08])]!;
      data.maksullisuus = payment;
      if ((payment === 'osittain_maksullinen' || payment === 'maksullinen') && (interview || random.chance(0.7))) data.maksullisuus_kuvaus = random.pick(t.SPORT_PAYMENTS);
      data.potilastietojarjestelma = ['kylla', 'osittain', 'ei', 'en_osaa_sanoa'][random.weighted([0.3, 0.25, 0.35, 0.1])];
      if (interview || random.chance(0.9)) data.tilastointi = random.chance(0.6);
    }
    const facilities: Record<string, Record<string, string>> = {};
    for (const facility of FACILITIES) {
      if (facility === 'uimahalli' && small) continue;
      if (facility === 'muu_tila' && random.chance(0.8)) continue;
      if (!interview && random.chance(0.1)) continue;
      const use = none ? 'ei_kayteta' : ['saannollisesti', 'satunnaisesti', 'ei_kayteta'][random.weighted(facility === 'kuntosali' ? [0.6, 0.25, 0.15] : [0.3, 0.35, 0.35])]!;
      facilities[facility] = use === 'ei_kayteta' ? { kaytto: use } : { kaytto: use, maksu: ['maksuton', 'maksullinen', 'en_osaa_sanoa'][random.weighted([0.55, 0.35, 0.1])]! };
    }
    if (Object.keys(facilities).length > 0) data.tilat = facilities;
    if (random.chance(interview ? 0.6 : 0.35)) data.tilat_huomiot = random.pick(t.SPORT_FACILITIES);
    const partners: Record<string, string> = {};
    for (const [row, weights] of [['yritykset', [0.1, 0.45, 0.35, 0.1]], ['urheiluseurat', [0.45, 0.45, 0.05, 0.05]], ['muut_yhdistykset', [0.2, 0.5, 0.2, 0.1]], ['maakunnalliset_liikuntajarjestot', [0.15, 0.4, 0.25, 0.2]]] as const) {
      partners[row] = ['paljon', 'jonkin_verran', 'ei_lainkaan', 'en_osaa_sanoa'][random.weighted(weights)]!;
    }
    data.kumppaniyhteistyo = partners;
    if (interview || random.chance(0.6)) data.kumppaniyhteistyo_kuvaus = random.pick(t.SPORT_PARTNERS);
    if (interview || random.chance(0.75)) data.kriittiset_asiat = random.pick(t.SPORT_CRITICAL);
    if (interview || random.chance(0.6)) data.jatkon_toiveet = random.pick(t.SPORT_FUTURE);
    const submitted = interview ? interviewTimes[i]! : webTimes[i - interviews]!;
    return response(seed, SPORT_SURVEY, i, data, interview ? 'interview' : 'web', submitted, interview ? 50 + 40 * random.next() : 12 + 25 * random.next());
  });
}

export const STUDENT_WELFARE_SURVEY = 'opiskeluhuolto';
const STUDENT_WELFARE_PERIOD: FieldPeriod = { from: '2021-11-15', to: '2021-12-17', hours: 'office' };

/** Pupils in a municipality, as shares of its population: growing commuter towns have more children. */
function pupils(random: Random, m: Municipality): { pre: number; basic: number; upper: number | null } {
  const young = ['244', '425', '859', '436'].includes(m.code) ? 1.45 : m.population < 5000 ? 0.85 : 1;
  const jitter = () => 0.9 + 0.2 * random.next();
  const basic = Math.round(m.population * 0.105 * young * jitter());
  const pre = Math.round(m.population * 0.011 * young * jitter());
  // The smallest places have no upper secondary school of their own.
  const upper = m.population < 2600 && random.chance(0.6) ? null : Math.round(m.population * 0.03 * jitter());
  return { pre, basic, upper };
}

/**
 * One answer per municipality for most municipalities (a few never answered). Pupils per curator
 * and per psychologist vary a lot, as the deck says, and psychologist posts are often unfilled.
 */
export function studentWelfareResponses(seed: number, geography: Geography, missing = 3): DemoResponse[] {
  const random = streamFor(seed, STUDENT_WELFARE_SURVEY);
  // Oulu always answers; `missing` of the others do not.
  const oulu = geography.municipalities.filter((m) => m.code === '564');
  const answering = random.shuffle([...oulu, ...random.shuffle(geography.municipalities.filter((m) => m.code !== '564')).slice(missing)]);
  const times = momentsIn(STUDENT_WELFARE_PERIOD, answering.length, random);
  return answering.map((m, i) => {
    const { pre, basic, upper } = pupils(random, m);
    const total = pre + basic + (upper ?? 0);
    const data: Record<string, unknown> = { kunta: m.code };
    if (random.chance(0.9)) data.vastaajan_tehtava = random.pick(t.WELFARE_ROLES);
    data.oppilaat_esiopetus = pre;
    data.oppilaat_perusopetus = basic;
    if (upper !== null) data.opiskelijat_lukio = upper;
    data.oppilaat_yhteensa = total;
    // Log-uniform pupils per post: curators roughly 350–1,300, psychologists 500–2,800.
    const perCurator = Math.exp(Math.log(350) + random.next() * Math.log(1300 / 350));
    const perPsychologist = Math.exp(Math.log(500) + random.next() * Math.log(2800 / 500));
    const curators = Math.max(0.2, round2(total / perCurator));
    const unfilled = random.chance(0.12);
    const psychologists = unfilled ? 0 : Math.max(0.1, round2(total / perPsychologist));
    data.kuraattorit_htv = curators;
    data.psykologit_htv = psychologists;
    data.oppilaita_per_kuraattori = Math.round(total / curators);
    if (psychologists > 0) data.oppilaita_per_psykologi = Math.round(total / psychologists);
    const bought = unfilled || random.chance(0.35);
    data.psykologipalvelut_ostettu = bought;
    if (bought) {
      data.ostetut_psykologi_htv = round2(Math.max(0.1, unfilled ? total / 1500 : 0.1 + random.next()));
      const reasons = tick(random, { vakanssia_ei_saatu_taytettya: unfilled ? 0.9 : 0.5, ei_omaa_vakanssia: unfilled ? 0.3 : 0.3, tarve_vaihtelee: 0.3, other: 0.05 }, 1, 2);
      data.ostopalvelun_syyt = reasons;
      if (reasons.includes('other')) data['ostopalvelun_syyt-Comment'] = 'Ruotsinkielinen palvelu';
    }
    data.tayttamattomat_vakanssit = { kuraattori: random.chance(0.1) ? 1 : 0, psykologi: unfilled ? random.int(1, 2) : random.chance(0.2) ? 1 : 0 };
    const where = ['sivistystoimi', 'sote_kunta', 'sote_kuntayhtyma', 'ostopalvelu', 'muu'];
    data.hallinnollinen_sijainti = {
      kuraattoripalvelut: where[random.weighted([0.7, 0.1, 0.15, 0.03, 0.02])],
      psykologipalvelut: where[random.weighted(unfilled ? [0.1, 0.05, 0.2, 0.65, 0] : [0.45, 0.1, 0.35, 0.08, 0.02])],
    };
    if (random.chance(0.5)) data.jarjestaminen_kuvaus = bought ? random.pick(t.WELFARE_ORGANISATION_BOUGHT) : random.pick(t.WELFARE_ORGANISATION);
    const projects = random.chance(0.55);
    data.hankkeita = projects;
    if (projects && random.chance(0.85)) data.hankkeet_kuvaus = random.pick(t.WELFARE_PROJECTS);
    if (random.chance(0.7)) data.hyvat_kaytannot = random.pick(t.WELFARE_GOOD_PRACTICES);
    if (random.chance(0.8)) data.haasteet = psychologists === 0 || total / psychologists > 1500 ? t.WELFARE_CHALLENGES[0]! : random.pick(t.WELFARE_CHALLENGES);
    return response(seed, STUDENT_WELFARE_SURVEY, i, data, 'web', times[i]!, 20 + 40 * random.next());
  });
}
