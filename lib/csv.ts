// CSV as spreadsheets read it (RFC 4180): fields separated by commas, records ended by CRLF,
// a field with a comma, a double quote, CR or LF wrapped in double quotes with its quotes
// doubled. A field that a spreadsheet would run as a formula (starting with = + - @, TAB or
// CR: OWASP "CSV Injection") is defused with a leading apostrophe first.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** The UTF-8 byte order mark: Excel reads a CSV without it as Shift_JIS and garbles Japanese. */
export const UTF8_BOM = '\uFEFF';

export function csvField(value: string | number | null | undefined): string {
  if (value == null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRecord(fields: (string | number | null | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
