// The words the results exports write into files, in the workspace's three languages. The files
// are read by preparers and by the people they present to, so the words follow the workspace's.
import type { LocalizedText } from '../../surveys/envelope.ts';

export const LANGUAGES = ['fi', 'sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export function localize(text: LocalizedText | null | undefined, language: Language): string {
  if (text === null || text === undefined) return '';
  if (typeof text === 'string') return text;
  return text[language] ?? text.default ?? Object.values(text)[0] ?? '';
}

const fi = {
  suppressed: 'piilotettu',
  reason: {
    small_group: (min: number) => `alle ${min} vastaajaa`,
    small_cell: (min: number) => `alle ${min} vastausta`,
    complementary: () => 'piilotettu, jotta muita piilotettuja lukuja ei voi laskea',
  },
  suppressedGroups: 'Piilotetut ryhmät',
  suppressedCells: 'Piilotetut solut',
  suppressionRule: (group: number, cell: number) =>
    `Alle ${group} vastaajan ryhmät ja alle ${cell} vastauksen solut piilotetaan, samoin luvut, joista ne voisi laskea (täydentävä piilotus).`,
  group: 'Ryhmä',
  category: 'Vastaus',
  count: 'Lukumäärä',
  percent: '%',
  ciLower: '95 %:n luottamusväli, alaraja',
  ciUpper: '95 %:n luottamusväli, yläraja',
  ci: '95 %:n luottamusväli',
  weightedPercent: 'Painotettu %',
  weightedCiLower: 'Painotettu luottamusväli, alaraja',
  weightedCiUpper: 'Painotettu luottamusväli, yläraja',
  n: 'n',
  weightedN: 'painotettu n',
  firstPercent: 'Ensimmäiseksi %',
  filters: 'Rajaukset',
  none: 'ei',
  channels: 'Kanavat',
  dates: 'Vastausajat',
  weighting: 'Painotus',
  unweighted: 'ei painotusta',
  weightingText: (margins: string, deff: number, ess: number) =>
    `väestöpainotus (raking: ${margins}); asetelmakerroin ${deff.toFixed(2)}, efektiivinen otoskoko ${Math.round(ess)}`,
  dataAsOf: 'Aineisto',
  generated: 'Tehty',
  survey: 'Kysely',
  question: 'Kysymys',
  groups: 'Ryhmät',
  info: 'Tiedot',
  results: 'Tulokset',
  suppressionNote: 'Pienet ryhmät',
  multiNote: 'Vastaaja saattoi valita useita vaihtoehtoja: prosentit ovat vastanneista, joten niiden summa voi ylittää 100.',
  rankingNote: 'Palkit: ensimmäiseksi asettaneiden osuus.',
  ciNote: 'Janat: 95 %:n luottamusväli.',
  methodTitle: 'Menetelmät',
  method: {
    n: 'n on kysymykseen vastanneiden määrä: ne, joille kysymys näytettiin ja jotka vastasivat. Monivalintakysymysten prosentit ovat vastanneista.',
    wilson: 'Painottamattomien osuuksien 95 %:n luottamusvälit ovat Wilsonin välejä.',
    weighted: (deff: number, ess: number) =>
      `Painotetut osuudet on laskettu raking-painoilla väestön reunajakaumiin (painot rajattu 0,25–4 × keskipaino). Luottamusvälit ovat asetelmaperusteisia (linearisointi). Asetelmakerroin ${deff.toFixed(2).replace('.', ',')}, efektiivinen otoskoko ${Math.round(ess)}.`,
  },
  openAnswers: 'Poimintoja avoimista vastauksista',
  openNote: 'Vain ryhmistä, joita ei ole piilotettu.',
  noOpenAnswers: 'Ei näytettäviä vastauksia.',
  openQuestionN: (n: string) => `Avoimia vastauksia n = ${n}.`,
  leftOutTitle: 'Jätetty pois',
  leftOut: (label: string, why: string) => `${label}: ${why}`,
  allSuppressed: (min: number) => `kaikki valitut tulokset piilotettu (alle ${min} vastaajaa)`,
  nothingLeftOut: 'Kaikista ryhmistä tehtiin tiedosto.',
  noRespondents: 'ei vastaajia',
  synthetic: (n: string) => `Aineistossa on ${n} keinotekoista (synteettistä) vastausta.`,
  continued: (k: number, of: number) => `(${k}/${of})`,
};

type Texts = typeof fi;

const sv: Texts = {
  ...fi,
  suppressed: 'dold',
  reason: {
    small_group: (min) => `färre än ${min} svarande`,
    small_cell: (min) => `färre än ${min} svar`,
    complementary: () => 'dold så att andra dolda tal inte kan räknas ut',
  },
  suppressedGroups: 'Dolda grupper',
  suppressedCells: 'Dolda celler',
  suppressionRule: (group, cell) => `Grupper med färre än ${group} svarande och celler med färre än ${cell} svar döljs, liksom tal som de kunde räknas ut ur (kompletterande döljning).`,
  group: 'Grupp',
  category: 'Svar',
  count: 'Antal',
  ciLower: '95 % konfidensintervall, nedre gräns',
  ciUpper: '95 % konfidensintervall, övre gräns',
  ci: '95 % konfidensintervall',
  weightedPercent: 'Viktad %',
  weightedCiLower: 'Viktat intervall, nedre gräns',
  weightedCiUpper: 'Viktat intervall, övre gräns',
  weightedN: 'viktat n',
  firstPercent: 'Först %',
  filters: 'Avgränsningar',
  none: 'inga',
  channels: 'Kanaler',
  dates: 'Svarstid',
  weighting: 'Viktning',
  unweighted: 'ingen viktning',
  weightingText: (margins, deff, ess) => `befolkningsviktning (raking: ${margins}); designeffekt ${deff.toFixed(2)}, effektiv urvalsstorlek ${Math.round(ess)}`,
  dataAsOf: 'Data',
  generated: 'Skapad',
  survey: 'Enkät',
  question: 'Fråga',
  groups: 'Grupper',
  info: 'Information',
  results: 'Resultat',
  suppressionNote: 'Små grupper',
  multiNote: 'Den svarande kunde välja flera alternativ: procenten är av dem som svarade och kan tillsammans överstiga 100.',
  rankingNote: 'Staplar: andelen som rangordnade alternativet först.',
  ciNote: 'Strecken: 95 % konfidensintervall.',
  methodTitle: 'Metoder',
  method: {
    n: 'n är antalet som fick frågan och svarade på den. Procenten i flervalsfrågor är av dem som svarade.',
    wilson: 'Oviktade andelars 95 % konfidensintervall är Wilsonintervall.',
    weighted: (deff, ess) =>
      `Viktade andelar med raking-vikter till befolkningens marginaler (vikterna begränsade till 0,25–4 × medelvikten). Intervallen är designbaserade (linearisering). Designeffekt ${deff.toFixed(2).replace('.', ',')}, effektiv urvalsstorlek ${Math.round(ess)}.`,
  },
  openAnswers: 'Urval av öppna svar',
  openNote: 'Endast från grupper som inte är dolda.',
  noOpenAnswers: 'Inga svar att visa.',
  openQuestionN: (n) => `Öppna svar n = ${n}.`,
  leftOutTitle: 'Utelämnade',
  allSuppressed: (min) => `alla valda resultat dolda (färre än ${min} svarande)`,
  nothingLeftOut: 'En fil gjordes för varje grupp.',
  noRespondents: 'inga svarande',
  synthetic: (n) => `Datan innehåller ${n} syntetiska svar.`,
};

const en: Texts = {
  ...fi,
  suppressed: 'hidden',
  reason: {
    small_group: (min) => `fewer than ${min} respondents`,
    small_cell: (min) => `fewer than ${min} answers`,
    complementary: () => 'hidden so that other hidden figures cannot be worked out',
  },
  suppressedGroups: 'Hidden groups',
  suppressedCells: 'Hidden cells',
  suppressionRule: (group, cell) => `Groups of fewer than ${group} respondents and cells of fewer than ${cell} answers are hidden, and so are figures they could be worked out from (complementary suppression).`,
  group: 'Group',
  category: 'Answer',
  count: 'Count',
  ciLower: '95% confidence interval, lower',
  ciUpper: '95% confidence interval, upper',
  ci: '95% confidence interval',
  weightedPercent: 'Weighted %',
  weightedCiLower: 'Weighted interval, lower',
  weightedCiUpper: 'Weighted interval, upper',
  weightedN: 'weighted n',
  firstPercent: 'Ranked first %',
  filters: 'Filters',
  none: 'none',
  channels: 'Channels',
  dates: 'Submitted',
  weighting: 'Weighting',
  unweighted: 'unweighted',
  weightingText: (margins, deff, ess) => `population weights (raking: ${margins}); design effect ${deff.toFixed(2)}, effective sample size ${Math.round(ess)}`,
  dataAsOf: 'Data as of',
  generated: 'Made',
  survey: 'Survey',
  question: 'Question',
  groups: 'Groups',
  info: 'About',
  results: 'Results',
  suppressionNote: 'Small groups',
  multiNote: 'Respondents could choose several options: percentages are of those who answered, so they may add up past 100.',
  rankingNote: 'Bars: share who ranked the option first.',
  ciNote: 'Whiskers: 95% confidence interval.',
  methodTitle: 'Methods',
  method: {
    n: 'n is the number of respondents who were shown the question and answered it. Multiple-choice percentages are of those who answered.',
    wilson: '95% confidence intervals of unweighted proportions are Wilson intervals.',
    weighted: (deff, ess) =>
      `Weighted proportions use raking weights to population margins (weights kept within 0.25–4 × the mean weight); intervals are design-based (linearisation). Design effect ${deff.toFixed(2)}, effective sample size ${Math.round(ess)}.`,
  },
  openAnswers: 'A selection of open answers',
  openNote: 'Only from groups that are not hidden.',
  noOpenAnswers: 'No answers to show.',
  openQuestionN: (n) => `Open answers n = ${n}.`,
  leftOutTitle: 'Left out',
  allSuppressed: (min) => `every chosen result hidden (fewer than ${min} respondents)`,
  nothingLeftOut: 'Every group got a file.',
  noRespondents: 'no respondents',
  synthetic: (n) => `The data include ${n} synthetic responses.`,
};

export const TEXTS: Record<Language, Texts> = { fi, sv, en };

/** Numbers as the language writes them: "32,1 %" in Finnish and Swedish, "32.1%" in English. */
export function formatters(language: Language) {
  const locale = language === 'fi' ? 'fi-FI' : language === 'sv' ? 'sv-FI' : 'en-GB';
  const cache = new Map<number, Intl.NumberFormat>();
  const format = (digits: number) => {
    let f = cache.get(digits);
    if (!f) cache.set(digits, (f = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })));
    return f;
  };
  // Intl writes a narrow no-break space as the Finnish thousands separator; a plain space reads the
  // same and every font (and every reader of the file) has it.
  const clean = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ').replace(/\u2212/g, '-');
  return {
    number: (value: number, digits = 0) => clean(format(digits).format(value)),
    percent: (value: number, digits = 1) => clean(language === 'en' ? `${format(digits).format(value)}%` : `${format(digits).format(value)} %`),
    date: (iso: string) => new Date(iso).toLocaleDateString(locale, { timeZone: 'Europe/Helsinki', day: 'numeric', month: 'numeric', year: 'numeric' }),
  };
}
