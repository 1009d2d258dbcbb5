// exceljs, as every workbook Kuulo writes uses it: with carriage returns kept.
//
// exceljs (4.4) escapes text for XML in one function, `xmlEncode` (lib/utils/utils.js), used for
// every cell, shared string and attribute it writes. It passes a carriage return through as a
// literal byte, and an XML reader must turn a literal CR (and CR LF) into a line feed (XML 1.0,
// section 2.11), so "Rivi A\r=1+1" came back from Excel, LibreOffice or openpyxl as
// "Rivi A\n=1+1". Written as the character reference `&#13;` it survives every XML reader. The
// OOXML escape `_x000D_` would not do: openpyxl (and LibreOffice in a cell's `<v>`) read it
// literally. exceljs has no option for this, so its encoder is wrapped here, once, before any
// workbook is written; the wrapper only changes what the original left as a raw CR.
import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import { guardFormula } from './formula-guard.ts';

const require = createRequire(import.meta.url);
const utils = require('exceljs/lib/utils/utils.js') as { xmlEncode: ((text: string) => string) & { keepsCarriageReturns?: true } };

if (!utils.xmlEncode.keepsCarriageReturns) {
  const xmlEncode = utils.xmlEncode;
  const keepCarriageReturns = (text: string): string => {
    const encoded = xmlEncode(text);
    return encoded.includes('\r') ? encoded.replaceAll('\r', '&#13;') : encoded;
  };
  utils.xmlEncode = Object.assign(keepCarriageReturns, { keepsCarriageReturns: true as const });
}

export default ExcelJS;

/**
 * Guards every text cell of a workbook built in memory against formulas (formula-guard.ts), just
 * before it is written: labels come from survey files and admins, and one pass over the finished
 * sheets cannot miss a cell the way a guard at each `addRow` could.
 */
export function guardWorkbookTexts(workbook: ExcelJS.Workbook): void {
  workbook.eachSheet((sheet) => {
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        if (typeof cell.value === 'string') cell.value = guardFormula(cell.value);
      });
    });
  });
}
