import ExcelJS from 'exceljs';
import { envelope } from './surveys.ts';

/**
 * A wave of a resident survey as an earlier tool's spreadsheet would fill it, and the files such
 * tools write: Webropol's XLSX (labels, a 0/1 column per checkbox option, Finnish headers, a "Muu,
 * mikä?" text column), Excel's semicolon CSV in Windows-1252 with decimal commas, and Microsoft
 * Forms' CSV with checkbox picks joined by ";".
 */
export function waveDefinition() {
  return {
    pages: [
      {
        name: 'p1',
        elements: [
          {
            type: 'dropdown',
            name: 'kunta',
            isRequired: true,
            title: { default: 'Asuinkunta', sv: 'Hemkommun', en: 'Municipality' },
            choices: [
              { value: '564', text: 'Oulu' },
              { value: '139', text: 'Ii' },
              { value: '305', text: 'Kuusamo' },
            ],
          },
          {
            type: 'radiogroup',
            name: 'ika',
            title: { default: 'Ikäryhmä', sv: 'Åldersgrupp', en: 'Age group' },
            choices: [
              { value: '1', text: { default: 'alle 30', sv: 'under 30', en: 'under 30' } },
              { value: '2', text: { default: '30–64', sv: '30–64', en: '30–64' } },
              { value: '3', text: { default: '65 tai yli', sv: '65 eller äldre', en: '65 or over' } },
            ],
          },
          {
            type: 'checkbox',
            name: 'palvelut',
            title: { default: 'Mitä palveluja käytät?', sv: 'Vilka tjänster använder du?', en: 'Which services do you use?' },
            choices: [
              { value: 'liikunta', text: { default: 'Liikunta', sv: 'Motion', en: 'Sports' } },
              { value: 'kirjasto', text: { default: 'Kirjasto', sv: 'Bibliotek', en: 'Library' } },
              { value: 'nuoriso', text: { default: 'Nuorisotyö', sv: 'Ungdomsarbete', en: 'Youth work' } },
            ],
            showOtherItem: true,
          },
          { type: 'rating', name: 'tyytyvaisyys', title: { default: 'Kuinka tyytyväinen olet palveluihin?', sv: 'Hur nöjd är du med tjänsterna?', en: 'How satisfied are you with the services?' }, rateMin: 1, rateMax: 5 },
          { type: 'text', name: 'matka', inputType: 'number', min: 0, max: 500, title: { default: 'Matka palveluihin (km)', sv: 'Avstånd till tjänsterna (km)', en: 'Distance to services (km)' } },
          { type: 'comment', name: 'terveiset', title: { default: 'Terveiset', sv: 'Hälsningar', en: 'Greetings' } },
        ],
      },
    ],
  };
}

export const waveSurvey = (id = 'kierros-2021', overrides: Record<string, unknown> = {}) => envelope(id, waveDefinition(), { municipalityQuestion: 'kunta', ...overrides });

/** Webropol-style headers: a column per checkbox option ("Question - Option"), then "Muu, mikä?". */
export const WEBROPOL_HEADERS = [
  'Vastaajan ID',
  'Vastausaika',
  'Asuinkunta',
  'Ikäryhmä',
  'Mitä palveluja käytät? - Liikunta',
  'Mitä palveluja käytät? - Kirjasto',
  'Mitä palveluja käytät? - Nuorisotyö',
  'Mitä palveluja käytät? - Muu',
  'Muu, mikä?',
  'Kuinka tyytyväinen olet palveluihin?',
  'Matka palveluihin (km)',
  'Terveiset',
];

export type SheetCell = string | number | Date | null;

export async function xlsxBuffer(headers: readonly string[], rows: readonly (readonly SheetCell[])[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Vastaukset');
  sheet.addRow([...headers]);
  for (const row of rows) sheet.addRow([...row]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Writes a big XLSX a row at a time (the benchmark's file), without holding it in memory. */
export async function writeXlsxFile(file: string, headers: readonly string[], rows: Iterable<readonly SheetCell[]>): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = workbook.addWorksheet('Vastaukset');
  sheet.addRow([...headers]).commit();
  for (const row of rows) sheet.addRow([...row]).commit();
  sheet.commit();
  await workbook.commit();
}

/** A Webropol-style row: label cells, 0/1 option columns. */
export function webropolRow(i: number, overrides: Partial<Record<(typeof WEBROPOL_HEADERS)[number], SheetCell>> = {}): SheetCell[] {
  const base: Record<string, SheetCell> = {
    'Vastaajan ID': `R${1000 + i}`,
    Vastausaika: new Date(Date.UTC(2021, 2, 1 + (i % 28), 8 + (i % 10), 15)),
    Asuinkunta: ['Oulu', 'Ii', 'Kuusamo'][i % 3]!,
    Ikäryhmä: ['alle 30', '30–64', '65 tai yli'][i % 3]!,
    'Mitä palveluja käytät? - Liikunta': i % 2,
    'Mitä palveluja käytät? - Kirjasto': (i + 1) % 2,
    'Mitä palveluja käytät? - Nuorisotyö': i % 5 === 0 ? 1 : 0,
    'Mitä palveluja käytät? - Muu': i % 7 === 0 ? 1 : 0,
    'Muu, mikä?': i % 7 === 0 ? `Uimahalli ${i}` : null,
    'Kuinka tyytyväinen olet palveluihin?': 1 + (i % 5),
    'Matka palveluihin (km)': (i % 40) + 0.5,
    Terveiset: i % 4 === 0 ? `Kiitos ${i}` : null,
  };
  const merged = { ...base, ...overrides };
  return WEBROPOL_HEADERS.map((h) => merged[h] ?? null);
}

/** A CSV line with `;` between cells, quoted where needed. */
export function csvLine(cells: readonly (string | number | null)[], delimiter = ';'): string {
  return cells
    .map((c) => {
      const s = c === null ? '' : String(c);
      return s.includes(delimiter) || s.includes('"') || s.includes('\n') ? `"${s.replaceAll('"', '""')}"` : s;
    })
    .join(delimiter);
}

/** Text in Windows-1252 (Excel's "CSV (semicolon delimited)" in a Finnish locale): Latin-1 for these texts. */
export function windows1252(text: string): Buffer {
  const bytes = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // The en dash is 0x96 in Windows-1252; every other character these files use is Latin-1.
    bytes[i] = code === 0x2013 ? 0x96 : code;
    if (code > 0xff && code !== 0x2013) throw new Error(`no Windows-1252 byte for ${text[i]}`);
  }
  return bytes;
}
