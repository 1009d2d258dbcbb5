import type { ExportColumn } from './columns.ts';
import { SPSS_CARRIAGE_RETURN, SPSS_LINE_FEED } from './csv.ts';
import type { DataExport } from './dataset.ts';
import { exportInfo, type Exporter } from './info.ts';

/** A string literal in SPSS syntax: single quotes, doubled inside; line breaks become spaces. */
function quote(text: string): string {
  return `'${text.replace(/[\r\n\u2028]+/g, ' ').replaceAll("'", "''")}'`;
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex').toUpperCase();
// The longest string SPSS and PSPP hold. Open answers have no length the export could know
// without a second pass over the data, so they get it all.
const LONGEST = 32767;

/** The SPSS input format of a column of the SPSS CSV (see csv.ts `spss`). */
function format(column: ExportColumn): string {
  switch (column.type) {
    case 'flag':
      return 'F1.0';
    case 'position':
      return 'F4.0';
    case 'number':
      return 'F16.4';
    case 'category': {
      if (column.numericCodes || column.spssCodes) {
        const integers = column.values.every((v) => column.spssCodes?.has(v.value) || Number.isInteger(Number(v.value)));
        return integers ? 'F8.0' : 'F8.2';
      }
      // Codes are written as they are; an answer only an old version had may be longer.
      return `A${Math.max(8, ...column.values.map((v) => bytes(v.value))) * 2}`;
    }
    case 'text':
      if (column.name === 'response_id') return 'A36';
      if (column.name === 'submitted_at') return 'A24';
      if (column.name === 'municipality_code') return 'A3';
      if (column.name === 'municipality_name' || column.name === 'area') return 'A100';
      return `A${LONGEST}`;
  }
}

const isString = (f: string) => f.startsWith('A');

/** Wraps `items` into lines of syntax no longer than SPSS likes (it reads up to 80 columns comfortably). */
function lines(items: string[], indent = '  '): string {
  return items.map((i) => `${indent}${i}`).join('\n');
}

/**
 * SPSS syntax that reads the export's SPSS CSV (`responses.csv?labels=codes&for=spss` with the
 * same filters, saved as `csvFile` beside the syntax) and gives every variable its label, every
 * coded variable its value labels, and a scale's "can't say" its missing-value code. Runs in SPSS
 * and in PSPP. Variable names are SPSS-safe; the codebook maps them to the column names.
 */
export function spssSyntax(data: DataExport, exporter: Exporter, csvFile: string): string {
  const columns = data.columns;
  const formats = columns.map(format);
  const out: string[] = [];
  out.push(`* Encoding: UTF-8.`);
  for (const [label, value] of exportInfo(data, exporter)) out.push(`* ${label}: ${value.replace(/[\r\n]+/g, ' ')}`.replace(/\.?$/, '.'));
  out.push(`* Lukee tiedoston ${csvFile} (samat rajaukset, labels=codes, for=spss) samasta kansiosta: vaihda polku tarvittaessa.`);
  out.push('');
  out.push('SET DECIMAL=DOT.');
  out.push('GET DATA');
  out.push('  /TYPE=TXT');
  out.push(`  /FILE=${quote(csvFile)}`);
  out.push("  /ENCODING='UTF8'");
  out.push('  /ARRANGEMENT=DELIMITED');
  out.push('  /DELCASE=LINE');
  out.push('  /FIRSTCASE=2');
  out.push("  /DELIMITERS=','");
  out.push(`  /QUALIFIER='"'`);
  out.push('  /VARIABLES=');
  out.push(lines(columns.map((c, i) => `${c.spss} ${formats[i]}`), '    ') + '.');
  out.push('');

  // The CSV guards every text against formulas (formula-guard.ts: an apostrophe before the text
  // and before every line that could start a formula, or that starts with an apostrophe) and
  // writes a text's line feeds and carriage returns as stand-ins (csv.ts). Both are undone here,
  // in that order reversed, so the data are exactly what was answered: one apostrophe fewer at
  // the start and after every line break, then the line breaks themselves. A CR LF pair is two
  // stand-ins, and the guard never puts an apostrophe between them.
  const strings = columns.filter((c, i) => isString(formats[i]!));
  for (const c of strings) out.push(`IF (SUBSTR(${c.spss}, 1, 1) = "'") ${c.spss} = SUBSTR(${c.spss}, 2).`);
  const texts = columns.filter((c, i) => c.type === 'text' && formats[i] === `A${LONGEST}`);
  for (const c of texts) {
    for (const [standIn, original] of [[SPSS_LINE_FEED, '0A'], [SPSS_CARRIAGE_RETURN, '0D']] as const) {
      const bytes = hex(standIn);
      out.push(`COMPUTE ${c.spss} = REPLACE(${c.spss}, X'${bytes}27', X'${bytes}').`);
      out.push(`COMPUTE ${c.spss} = REPLACE(${c.spss}, X'${bytes}', X'${original}').`);
    }
  }
  out.push('');

  out.push('VARIABLE LABELS');
  out.push(columns.map((c, i) => `${i === 0 ? '  ' : '  /'}${c.spss} ${quote(c.label.slice(0, 250))}`).join('\n') + '.');
  out.push('');

  const coded = columns.filter((c) => c.values.length > 0);
  if (coded.length > 0) {
    out.push('VALUE LABELS');
    const specs = coded.map((c, i) => {
      const string = isString(format(c));
      const values = c.values.map((v) => {
        const code = c.spssCodes?.get(v.value) ?? v.value;
        return `    ${string ? quote(String(code)) : code} ${quote(v.label.slice(0, 120))}`;
      });
      return `${i === 0 ? '  ' : '  /'}${c.spss}\n${values.join('\n')}`;
    });
    out.push(specs.join('\n') + '.');
    out.push('');
  }

  const missing = columns.filter((c) => c.spssCodes && c.spssCodes.size > 0);
  if (missing.length > 0) {
    out.push('MISSING VALUES');
    out.push(missing.map((c, i) => `${i === 0 ? '  ' : '  /'}${c.spss} (${[...c.spssCodes!.values()].slice(0, 3).join(', ')})`).join('\n') + '.');
    out.push('');
  }
  const nominal = columns.filter((c) => c.type === 'category' && !c.spssCodes && c.kind !== 'rating');
  const ordinal = columns.filter((c) => c.type === 'category' && (c.spssCodes || c.kind === 'rating'));
  if (nominal.length > 0) out.push(`VARIABLE LEVEL\n${lines(nominal.map((c) => c.spss))} (NOMINAL).`);
  if (ordinal.length > 0) out.push(`VARIABLE LEVEL\n${lines(ordinal.map((c) => c.spss))} (ORDINAL).`);
  out.push('EXECUTE.');
  out.push('');
  return out.join('\n');
}
