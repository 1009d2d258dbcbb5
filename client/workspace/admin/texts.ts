// The audit log reader's own texts (the admin page's chunk only); the event names and their details
// come from the server's catalogue (server/admin/audit-events.ts), shared with the CSV download.
import type { AuditLanguage } from '../../../server/admin/audit-events.ts';

const fi = {
  filters: 'Rajaa lokia',
  person: 'Henkilö',
  anyPerson: 'Kaikki henkilöt',
  event: 'Tapahtuma',
  anyEvent: 'Kaikki tapahtumat',
  from: 'Alkaen (pvm)',
  to: 'Asti (pvm)',
  apply: 'Rajaa',
  clear: 'Tyhjennä rajaukset',
  download: 'Lataa CSV',
  downloadHelp: 'CSV-tiedostossa ovat kaikki rajauksen rivit tällä kielellä, puolipisteillä erotettuna taulukkolaskentaa varten.',
  rows: (first: number, last: number, total: number) => (total === 0 ? 'Ei rivejä näillä rajauksilla.' : `Rivit ${first}–${last} / ${total}`),
  previous: 'Uudemmat',
  next: 'Vanhemmat',
  code: 'Koodi',
  tableLabel: 'Lokin rivit',
};
export type AuditTexts = typeof fi;

const sv: AuditTexts = {
  filters: 'Avgränsa loggen',
  person: 'Person',
  anyPerson: 'Alla personer',
  event: 'Händelse',
  anyEvent: 'Alla händelser',
  from: 'Från (datum)',
  to: 'Till (datum)',
  apply: 'Avgränsa',
  clear: 'Töm avgränsningarna',
  download: 'Ladda ner CSV',
  downloadHelp: 'CSV-filen innehåller alla rader i avgränsningen på det här språket, åtskilda med semikolon för ett kalkylprogram.',
  rows: (first, last, total) => (total === 0 ? 'Inga rader med dessa avgränsningar.' : `Rader ${first}–${last} av ${total}`),
  previous: 'Nyare',
  next: 'Äldre',
  code: 'Kod',
  tableLabel: 'Loggens rader',
};

const en: AuditTexts = {
  filters: 'Filter the log',
  person: 'Person',
  anyPerson: 'Everyone',
  event: 'Event',
  anyEvent: 'All events',
  from: 'From (date)',
  to: 'To (date)',
  apply: 'Filter',
  clear: 'Clear the filters',
  download: 'Download CSV',
  downloadHelp: 'The CSV file holds every line the filters match, in this language, separated by commas.',
  rows: (first, last, total) => (total === 0 ? 'No lines match these filters.' : `Lines ${first}–${last} of ${total}`),
  previous: 'Newer',
  next: 'Older',
  code: 'Code',
  tableLabel: 'Lines of the log',
};

export const auditTexts = (language: string): AuditTexts => (language === 'sv' ? sv : language === 'en' ? en : fi);
export const auditLanguage = (language: string): AuditLanguage => (language === 'sv' ? 'sv' : language === 'en' ? 'en' : 'fi');
