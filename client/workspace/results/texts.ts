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
  crosstabAllXlsx: 'Kaikki ryhmät yhtenä Excel-tiedostona',
  outcome: 'Tulosmuuttuja (rivit)',
  explanatory: 'Selittävä muuttuja (sarakkeet)',
  contents: 'Sisällys',
  openAll: 'Avaa kaikki',
  closeAll: 'Sulje kaikki',
  section: (n: number) => `${n} kysymystä`,
  hiddenByFilter: (place: string, min: number) =>
    `Rajausten jälkeen ${place} jää alle ${min} vastaajan. Niin pienestä joukosta vastaajat voisi tunnistaa, joten sen luvut piilotetaan. Näet sen, kun poistat rajauksen tai väljennät sitä, tai kun katsot koko aluetta (ryhmittely alueittain) tai koko hyvinvointialuetta.`,
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
  crosstabAllXlsx: 'Alla grupper i en Excel-fil',
  outcome: 'Utfallsvariabel (rader)',
  explanatory: 'Förklarande variabel (kolumner)',
  contents: 'Innehåll',
  openAll: 'Öppna alla',
  closeAll: 'Stäng alla',
  section: (n) => `${n} frågor`,
  hiddenByFilter: (place, min) =>
    `Med avgränsningarna har ${place} färre än ${min} svarande. I en så liten grupp kunde man känna igen enskilda svarande, så dess tal döljs. Du ser den om du tar bort eller vidgar avgränsningen, eller tittar på hela området (gruppering per område) eller hela välfärdsområdet.`,
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
  crosstabAllXlsx: 'Every group in one Excel file',
  outcome: 'Outcome (rows)',
  explanatory: 'Explanatory variable (columns)',
  contents: 'Contents',
  openAll: 'Open all',
  closeAll: 'Close all',
  section: (n) => `${n} questions`,
  hiddenByFilter: (place, min) =>
    `With these filters, ${place} has fewer than ${min} respondents. In a group that small, individual respondents could be recognised, so its figures are hidden. You will see it if you remove or widen the filter, or look at its whole area (group by area) or the whole county.`,
};

export const RESULTS_TEXTS: Record<Language, Texts> = { fi, sv, en };
