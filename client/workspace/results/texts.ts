// Words of the results views added beside the workspace's shared catalogue (app/i18n.tsx): the
// comparison's grouped chart, the cross-tabulation's chart and defaults, and the overview's
// contents, in the workspace's three languages.
import type { Language } from '../app/i18n.tsx';

const fi = {
  groupedTitle: 'Ryhmät rinnakkain',
  groupedHint: 'Yksi palkki kullekin ryhmälle vastausvaihtoehdoittain. Vaihtoehdot ovat kaikissa kuvissa samassa järjestyksessä.',
  groupedLabel: (question: string) => `Pylväskaavio ryhmät rinnakkain: ${question}`,
  countyOrder: 'Järjestetty koko hyvinvointialueen osuuksien mukaan; kaikki ryhmät samassa järjestyksessä.',
  crosstabChart: 'Kaavio',
  crosstabChartLabel: (title: string) => `Pylväskaavio: ${title}`,
  crosstabPercentHint: (explanatory: string) => `Prosentit lasketaan selittävän muuttujan (${explanatory}) ryhmien sisällä, jotta ryhmiä voi verrata keskenään.`,
  crosstabGroups: 'Ryhmät sivupalkin valinnoista',
  crosstabGroupsHint: 'Ristiintaulukko tehdään jokaiselle sivupalkissa valitulle ryhmälle. Valitse alla yksi ryhmä, jos haluat katsoa vain sitä.',
  fromSidebar: 'sivupalkin ryhmät',
  outcome: 'Tulosmuuttuja (rivit)',
  explanatory: 'Selittävä muuttuja (sarakkeet)',
  contents: 'Sisällys',
  openAll: 'Avaa kaikki',
  closeAll: 'Sulje kaikki',
  section: (n: number) => `${n} kysymystä`,
};
type Texts = typeof fi;

const sv: Texts = {
  groupedTitle: 'Grupperna sida vid sida',
  groupedHint: 'En stapel per grupp för varje svarsalternativ. Alternativen står i samma ordning i alla diagram.',
  groupedLabel: (question) => `Stapeldiagram med grupperna sida vid sida: ${question}`,
  countyOrder: 'Sorterat efter andelarna i hela välfärdsområdet; alla grupper i samma ordning.',
  crosstabChart: 'Diagram',
  crosstabChartLabel: (title) => `Stapeldiagram: ${title}`,
  crosstabPercentHint: (explanatory) => `Procenten räknas inom grupperna av den förklarande variabeln (${explanatory}) så att grupperna kan jämföras.`,
  crosstabGroups: 'Grupper från sidopanelens val',
  crosstabGroupsHint: 'Korstabellen görs för varje grupp som valts i sidopanelen. Välj en grupp nedan om du vill se bara den.',
  fromSidebar: 'sidopanelens grupper',
  outcome: 'Utfallsvariabel (rader)',
  explanatory: 'Förklarande variabel (kolumner)',
  contents: 'Innehåll',
  openAll: 'Öppna alla',
  closeAll: 'Stäng alla',
  section: (n) => `${n} frågor`,
};

const en: Texts = {
  groupedTitle: 'Groups side by side',
  groupedHint: 'One bar per group for each answer. The answers are in the same order in every chart.',
  groupedLabel: (question) => `Bar chart with the groups side by side: ${question}`,
  countyOrder: 'Sorted by the whole county’s shares; every group in the same order.',
  crosstabChart: 'Chart',
  crosstabChartLabel: (title) => `Bar chart: ${title}`,
  crosstabPercentHint: (explanatory) => `Percentages are within the groups of the explanatory variable (${explanatory}), so the groups can be compared.`,
  crosstabGroups: 'Groups from the sidebar',
  crosstabGroupsHint: 'The cross-tabulation is made for each group chosen in the sidebar. Pick one group below to look at it alone.',
  fromSidebar: 'the sidebar’s groups',
  outcome: 'Outcome (rows)',
  explanatory: 'Explanatory variable (columns)',
  contents: 'Contents',
  openAll: 'Open all',
  closeAll: 'Close all',
  section: (n) => `${n} questions`,
};

export const RESULTS_TEXTS: Record<Language, Texts> = { fi, sv, en };
