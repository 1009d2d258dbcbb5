// Words of a dynamic matrix's column or a dynamic panel's question in the results views: what its
// bars count (respondents) and its per-row table (rows), in the workspace's three languages.
import type { Language } from '../app/i18n.tsx';

type Unit = 'row' | 'panel';

const fi: {
  perRespondent: (unit: Unit) => string;
  perRowTitle: (unit: Unit) => string;
  perRowN: (rows: string, respondents: string, unit: Unit) => string;
  count: (unit: Unit) => string;
  share: (unit: Unit) => string;
  ci: string;
  mean: (unit: Unit) => string;
  withheld: string;
} = {
  perRespondent: (unit: Unit) =>
    `Yksikkö: vastaajat. Osuus vastaajista, joilla vaihtoehto on vähintään ${unit === 'row' ? 'yhdellä rivillä' : 'yhdessä paneelissa'}; n = vastaajat, jotka vastasivat. Luku on vastaajan ${unit === 'row' ? 'rivien' : 'paneelien'} yhteissumma.`,
  perRowTitle: (unit: Unit) => (unit === 'row' ? 'Riveittäin (yksikkö: rivit)' : 'Paneeleittain (yksikkö: paneelit)'),
  perRowN: (rows: string, respondents: string, unit: Unit) => `${rows} ${unit === 'row' ? 'riviä' : 'paneelia'}, ${respondents} vastaajaa`,
  count: (unit: Unit) => (unit === 'row' ? 'Rivejä' : 'Paneeleja'),
  share: (unit: Unit) => (unit === 'row' ? '% riveistä' : '% paneeleista'),
  ci: '95 %:n luottamusväli (vastaaja ryväksenä)',
  mean: (unit: Unit) => (unit === 'row' ? 'Keskiarvo riviä kohden' : 'Keskiarvo paneelia kohden'),
  withheld: 'Riveittäiset luvut jätetään näyttämättä, koska vastaajittainen taulukko piilottaa pieniä lukuja: rivien määrästä ne voisi päätellä. Rivejä ei lasketa vastaajiksi.',
};
type Texts = typeof fi;

const sv: Texts = {
  perRespondent: (unit) =>
    `Enhet: svarande. Andelen svarande som har alternativet på minst ${unit === 'row' ? 'en rad' : 'en panel'}; n = svarande som svarade. Ett tal är summan av den svarandes ${unit === 'row' ? 'rader' : 'paneler'}.`,
  perRowTitle: (unit) => (unit === 'row' ? 'Per rad (enhet: rader)' : 'Per panel (enhet: paneler)'),
  perRowN: (rows, respondents, unit) => `${rows} ${unit === 'row' ? 'rader' : 'paneler'}, ${respondents} svarande`,
  count: (unit) => (unit === 'row' ? 'Rader' : 'Paneler'),
  share: (unit) => (unit === 'row' ? '% av raderna' : '% av panelerna'),
  ci: '95 % konfidensintervall (svarande som kluster)',
  mean: (unit) => (unit === 'row' ? 'Medelvärde per rad' : 'Medelvärde per panel'),
  withheld: 'Talen per rad visas inte eftersom tabellen per svarande döljer små tal: de kunde räknas ut ur antalet rader. Rader räknas inte som svarande.',
};

const en: Texts = {
  perRespondent: (unit) =>
    `Unit: respondents. The share of respondents with the answer in at least one ${unit}; n = respondents who answered. A number is the respondent's total over their ${unit}s.`,
  perRowTitle: (unit) => (unit === 'row' ? 'Per row (unit: rows)' : 'Per panel (unit: panels)'),
  perRowN: (rows, respondents, unit) => `${rows} ${unit}s, ${respondents} respondents`,
  count: (unit) => (unit === 'row' ? 'Rows' : 'Panels'),
  share: (unit) => `% of ${unit}s`,
  ci: '95% confidence interval (respondent as the cluster)',
  mean: (unit) => `Mean per ${unit}`,
  withheld: 'The per-row figures are not shown because the per-respondent table hides small numbers: they could be worked out from the row counts. Rows are never counted as respondents.',
};

export const ENTRY_TEXTS: Readonly<Record<Language, Texts>> = { fi, sv, en };
