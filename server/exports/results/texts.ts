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
  intervals: 'Painotettujen lukujen luottamusvälit',
  intervalKinds: {
    calibrated: 'kalibroitu asetelma (ottaa huomioon painojen sovituksen väestöön, kuten R:n rake()/calibrate())',
    'fixed-weights': 'kiinteät painot (painot annettuina, niiden sovitusta väestöön ei oteta huomioon)',
  } as Record<'calibrated' | 'fixed-weights', string>,
  dataAsOf: 'Aineisto',
  generated: 'Tehty',
  survey: 'Kysely',
  question: 'Kysymys',
  groups: 'Ryhmät',
  info: 'Tiedot',
  results: 'Tulokset',
  suppressionNote: 'Pienet ryhmät',
  multiNote: 'Vastaaja saattoi valita useita vaihtoehtoja: prosentit ovat vastanneista, joten niiden summa voi ylittää 100.',
  formulas: 'Kaavat',
  formulaNote: "Tekstit ovat tekstiä, eivät kaavoja: tekstin ja sen jokaisen rivin alkuun on lisätty heittomerkki ('), jos se alkaa merkillä = + - @, sarkaimella, rivinvaihdolla (CR) tai heittomerkillä.",
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
  themesTitle: 'Teemat ja poimintoja vastauksista',
  themesNote: 'Yleisimmät koodatut teemat ja muutama lyhyt vastaus kustakin, vain näytettävistä ryhmistä; nimet ja numerot on poistettu.',
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
  hiddenShort: (groups: readonly string[], figures: number) =>
    `Piilotettu pienten määrien vuoksi: ${[...groups, figures ? `${figures} ${figures === 1 ? 'luku' : 'lukua'}` : ''].filter(Boolean).join(', ')}. Syyt dian muistiinpanoissa.`,
  notesHidden: 'Piilotetut luvut ja miksi',
  partOf: (k: number, of: number, what: string) => `(${k}/${of}: ${what})`,
  trend: {
    title: 'muutos kierroksittain',
    summaryTitle: 'Muutos edellisestä kierroksesta',
    waves: (waves: string) => `Kierrokset: ${waves}`,
    leftOut: (wave: string, reason: string) => `Kierros ${wave} jätetty pois (ei vertailukelpoinen): ${reason}`,
    recoded: (wave: string, pairs: string) => `Kierroksen ${wave} vastaukset yhdistetty tämän kierroksen luokkiin: ${pairs}`,
    synthetic: (wave: string, n: string) => `Kierroksella ${wave} on ${n} keinotekoista (synteettistä) vastausta.`,
    hiddenPlace: (place: string, reason: string) => `${place}: piilotettu (${reason})`,
    hiddenInAWave: 'piilotettu jollakin kierroksella, joten kaikilta kierroksilta',
    changeHeading: (place: string, from: string, to: string) => `${place} ${from} → ${to}`,
    points: '%-yks.',
    pointsShort: '%-yks.',
    interval: '95 % LV',
    hiddenChange: 'ei näytetä (luku piilotettu)',
    hiddenPoint: 'piilotettu',
    significant: '* p < 0,05',
    meanNote: 'Keskiarvo (ei kaaviota: muutos keskiarvona).',
    mean: 'Keskiarvo',
    previous: 'Edellinen kierros',
    current: 'Tämä kierros',
    wave: 'Kierros',
    change: 'Muutos',
    place: (label: string) => `Alue: ${label}`,
    filtersNote: 'Muutokset kierroksittain puuttuvat: rajaukset, kanavat ja vastausajat eivät koske kierrosten vertailua (se vertaa kokonaisia kierroksia).',
  },
  crosstab: {
    sheet: 'Ristiintaulukko',
    rows: 'Rivit',
    columns: 'Sarakkeet',
    counts: 'Lukumäärät',
    rowPercents: 'Riviprosentit (%)',
    columnPercents: 'Sarakeprosentit (%)',
    total: 'Yhteensä',
    test: 'Riippumattomuustesti',
    chiSquare: 'Khiin neliö (Pearson)',
    df: 'Vapausasteet',
    pValue: 'p',
    cramersV: 'Cramérin V',
    smallExpected: (share: string, min: string) => `Varoitus: ${share} soluista odotettu frekvenssi alle 5 (pienin ${min}); testin tulos on suuntaa antava.`,
    raoScott: 'Rao–Scott-korjattu testi (painotettu), F',
    df1: 'Vapausasteet 1',
    df2: 'Vapausasteet 2',
    raoScottP: 'Rao–Scott p',
    designEffect: 'Keskimääräinen asetelmakerroin',
    withheld: 'Testiä ei anneta: taulukossa on piilotettuja soluja, ja testisuureesta voisi ratkaista ne.',
    hidden: (min: number) => `Taulukko piilotettu: ryhmässä alle ${min} vastaajaa.`,
  },
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
  intervals: 'Konfidensintervall för viktade tal',
  intervalKinds: {
    calibrated: 'kalibrerad design (beaktar att vikterna anpassats till befolkningen, som rake()/calibrate() i R)',
    'fixed-weights': 'fasta vikter (vikterna tas som givna, anpassningen till befolkningen beaktas inte)',
  },
  dataAsOf: 'Data',
  generated: 'Skapad',
  survey: 'Enkät',
  question: 'Fråga',
  groups: 'Grupper',
  info: 'Information',
  results: 'Resultat',
  suppressionNote: 'Små grupper',
  multiNote: 'Den svarande kunde välja flera alternativ: procenten är av dem som svarade och kan tillsammans överstiga 100.',
  formulas: 'Formler',
  formulaNote: "Texter är text, inte formler: en apostrof (') har lagts till i början av en text och av varje rad i den som börjar med = + - @, en tabb, en vagnretur (CR) eller en apostrof.",
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
  themesTitle: 'Teman och citat ur svaren',
  themesNote: 'De vanligaste kodade temana och några korta svar för varje, bara från grupper som visas; namn och nummer har tagits bort.',
  openNote: 'Endast från grupper som inte är dolda.',
  noOpenAnswers: 'Inga svar att visa.',
  openQuestionN: (n) => `Öppna svar n = ${n}.`,
  leftOutTitle: 'Utelämnade',
  allSuppressed: (min) => `alla valda resultat dolda (färre än ${min} svarande)`,
  nothingLeftOut: 'En fil gjordes för varje grupp.',
  noRespondents: 'inga svarande',
  synthetic: (n) => `Datan innehåller ${n} syntetiska svar.`,
  hiddenShort: (groups, figures) => `Dolt på grund av små antal: ${[...groups, figures ? `${figures} tal` : ''].filter(Boolean).join(', ')}. Orsakerna i bildens anteckningar.`,
  notesHidden: 'Dolda tal och varför',
  partOf: (k, of, what) => `(${k}/${of}: ${what})`,
  trend: {
    title: 'förändring mellan omgångarna',
    summaryTitle: 'Förändring sedan föregående omgång',
    waves: (waves) => `Omgångar: ${waves}`,
    leftOut: (wave, reason) => `Omgång ${wave} ingår inte (inte jämförbar): ${reason}`,
    recoded: (wave, pairs) => `Svaren i omgång ${wave} sammanslagna till denna omgångs kategorier: ${pairs}`,
    synthetic: (wave, n) => `Omgång ${wave} har ${n} syntetiska svar.`,
    hiddenPlace: (place, reason) => `${place}: dold (${reason})`,
    hiddenInAWave: 'dold i någon omgång och därför i alla omgångar',
    changeHeading: (place, from, to) => `${place} ${from} → ${to}`,
    points: 'procentenheter',
    pointsShort: 'p.e.',
    interval: '95 % KI',
    hiddenChange: 'visas inte (siffran dold)',
    hiddenPoint: 'dold',
    significant: '* p < 0,05',
    meanNote: 'Medelvärde (inget diagram: förändringen som medelvärde).',
    mean: 'Medelvärde',
    previous: 'Föregående omgång',
    current: 'Denna omgång',
    wave: 'Omgång',
    change: 'Förändring',
    place: (label) => `Område: ${label}`,
    filtersNote: 'Förändringar mellan omgångarna saknas: avgränsningar, kanaler och svarstider gäller inte jämförelsen mellan omgångar (den jämför hela omgångar).',
  },
  crosstab: {
    sheet: 'Korstabell',
    rows: 'Rader',
    columns: 'Kolumner',
    counts: 'Antal',
    rowPercents: 'Radprocent (%)',
    columnPercents: 'Kolumnprocent (%)',
    total: 'Totalt',
    test: 'Oberoendetest',
    chiSquare: 'Chitvå (Pearson)',
    df: 'Frihetsgrader',
    pValue: 'p',
    cramersV: 'Cramérs V',
    smallExpected: (share, min) => `Varning: ${share} av cellerna har förväntad frekvens under 5 (minst ${min}); testet är vägledande.`,
    raoScott: 'Rao–Scott-korrigerat test (viktat), F',
    df1: 'Frihetsgrader 1',
    df2: 'Frihetsgrader 2',
    raoScottP: 'Rao–Scott p',
    designEffect: 'Genomsnittlig designeffekt',
    withheld: 'Testet ges inte: tabellen har dolda celler, och de kunde räknas ut ur testvärdet.',
    hidden: (min) => `Tabellen dold: färre än ${min} svarande i gruppen.`,
  },
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
  intervals: 'Intervals of weighted figures',
  intervalKinds: {
    calibrated: "calibrated design (accounts for the weights' fit to the population, as R's rake()/calibrate())",
    'fixed-weights': "fixed weights (the weights taken as given, their fit to the population not accounted for)",
  },
  dataAsOf: 'Data as of',
  generated: 'Made',
  survey: 'Survey',
  question: 'Question',
  groups: 'Groups',
  info: 'About',
  results: 'Results',
  suppressionNote: 'Small groups',
  multiNote: 'Respondents could choose several options: percentages are of those who answered, so they may add up past 100.',
  formulas: 'Formulas',
  formulaNote: "Texts are text, never formulas: an apostrophe (') is added before a text, and before each line in it, that begins with = + - @, a tab, a carriage return (CR) or an apostrophe.",
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
  themesTitle: 'Themes and quotes from the answers',
  themesNote: 'The most common coded themes with a few short answers each, only from groups that are shown; names and numbers taken out.',
  openNote: 'Only from groups that are not hidden.',
  noOpenAnswers: 'No answers to show.',
  openQuestionN: (n) => `Open answers n = ${n}.`,
  leftOutTitle: 'Left out',
  allSuppressed: (min) => `every chosen result hidden (fewer than ${min} respondents)`,
  nothingLeftOut: 'Every group got a file.',
  noRespondents: 'no respondents',
  synthetic: (n) => `The data include ${n} synthetic responses.`,
  hiddenShort: (groups, figures) => `Hidden for small numbers: ${[...groups, figures ? `${figures} ${figures === 1 ? 'figure' : 'figures'}` : ''].filter(Boolean).join(', ')}. The reasons are in the slide's notes.`,
  notesHidden: 'Hidden figures and why',
  partOf: (k, of, what) => `(${k}/${of}: ${what})`,
  trend: {
    title: 'change over the rounds',
    summaryTitle: 'Change since the last round',
    waves: (waves) => `Rounds: ${waves}`,
    leftOut: (wave, reason) => `Round ${wave} left out (not comparable): ${reason}`,
    recoded: (wave, pairs) => `Answers of round ${wave} merged into this round's categories: ${pairs}`,
    synthetic: (wave, n) => `Round ${wave} includes ${n} synthetic responses.`,
    hiddenPlace: (place, reason) => `${place}: hidden (${reason})`,
    hiddenInAWave: 'hidden in a round, so in every round',
    changeHeading: (place, from, to) => `${place} ${from} → ${to}`,
    points: 'percentage points',
    pointsShort: 'pp',
    interval: '95% CI',
    hiddenChange: 'not shown (a figure is hidden)',
    hiddenPoint: 'hidden',
    significant: '* p < 0.05',
    meanNote: 'Mean (no chart: the change as a mean).',
    mean: 'Mean',
    previous: 'Last round',
    current: 'This round',
    wave: 'Round',
    change: 'Change',
    place: (label) => `Place: ${label}`,
    filtersNote: 'No change over the rounds: filters, channels and dates do not apply to comparing rounds (it compares whole rounds).',
  },
  crosstab: {
    sheet: 'Cross-tabulation',
    rows: 'Rows',
    columns: 'Columns',
    counts: 'Counts',
    rowPercents: 'Row percentages (%)',
    columnPercents: 'Column percentages (%)',
    total: 'Total',
    test: 'Test of independence',
    chiSquare: 'Chi-square (Pearson)',
    df: 'Degrees of freedom',
    pValue: 'p',
    cramersV: "Cramér's V",
    smallExpected: (share, min) => `Warning: ${share} of cells have an expected count under 5 (smallest ${min}); read the test with care.`,
    raoScott: 'Rao–Scott corrected test (weighted), F',
    df1: 'Degrees of freedom 1',
    df2: 'Degrees of freedom 2',
    raoScottP: 'Rao–Scott p',
    designEffect: 'Mean design effect',
    withheld: 'No test: the table has hidden cells, which could be solved for from the statistic.',
    hidden: (min) => `Table hidden: fewer than ${min} respondents in the group.`,
  },
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

/**
 * A change between two waves in words, as the trend API gives it: "+4,2 %-yks. (95 % LV 1,1–7,3),
 * p = 0,008" (a mean's change without the unit, to two decimals); a hidden change says so.
 */
type ShownChange = { difference: number | null; ci: { lower: number; upper: number } | null; p: number | null; suppressed: boolean };

/**
 * A shown change's figures as written in every file: the difference signed ("+4,2"; a change that
 * rounds to zero has no sign), its 95% interval ("0,0–8,4") and p ("p = 0,049", "p < 0,001"); null
 * for a hidden change. The unit is the caller's (long in words, short in tables).
 */
export function changeParts(change: ShownChange, measure: 'proportion' | 'mean', language: Language): { signed: string; interval: string; p: string; significant: boolean } | null {
  const f = formatters(language);
  if (change.suppressed || change.difference === null || change.ci === null || change.p === null) return null;
  const digits = measure === 'mean' ? 2 : 1;
  const difference = f.number(change.difference, digits);
  return {
    signed: change.difference > 0 && difference.replace(/[0,.]/g, '') !== '' ? `+${difference}` : difference,
    interval: `${f.number(change.ci.lower, digits)}–${f.number(change.ci.upper, digits)}`,
    p: change.p < 0.001 ? `p < ${f.number(0.001, 3)}` : `p = ${f.number(change.p, 3)}`,
    significant: change.p < 0.05,
  };
}

export function changeText(change: ShownChange, measure: 'proportion' | 'mean', language: Language): string {
  const w = TEXTS[language].trend;
  const parts = changeParts(change, measure, language);
  if (!parts) return w.hiddenChange;
  return `${parts.signed}${measure === 'mean' ? '' : ` ${w.points}`} (${w.interval} ${parts.interval}), ${parts.p}`;
}
