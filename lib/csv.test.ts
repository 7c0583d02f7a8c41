import { describe, expect, it } from 'vitest';
import { csvField, csvRecord } from './csv';
import { csvTime } from './audit/csv-dates';

describe('CSV fields (RFC 4180)', () => {
  it('quotes commas, quotes and line breaks, and ends records with CRLF', () => {
    expect(csvRecord(['a,b', 'say "hi"', 'two\nlines', 'cr\rlf', 'plain', null, 42])).toBe('"a,b","say ""hi""","two\nlines","cr\rlf",plain,,42\r\n');
  });

  it('keeps Japanese text as it is', () => {
    expect(csvRecord(['つなぐ商事株式会社', '口座情報API照会'])).toBe('つなぐ商事株式会社,口座情報API照会\r\n');
  });

  it('defuses values a spreadsheet would run as formulas', () => {
    expect(csvField('=HYPERLINK("http://evil.example","x")')).toBe('"\'=HYPERLINK(""http://evil.example"",""x"")"');
    expect(csvField('+81 3')).toBe("'+81 3");
    expect(csvField('-1+1')).toBe("'-1+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField('\rcmd')).toBe('"\'\rcmd"');
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField(-5)).toBe('-5');
  });
});

describe('CSV times', () => {
  it('writes JST as stored, or in the Japanese era', () => {
    expect(csvTime('2026-11-20T10:02:03.456+09:00', 'gregorian')).toBe('2026-11-20 10:02:03');
    expect(csvTime('2026-11-20T10:02:03.456+09:00', 'japanese')).toBe('令和8年11月20日 10:02:03');
    expect(csvTime('2019-05-01T00:00:00.000+09:00', 'japanese')).toBe('令和元年5月1日 00:00:00');
    expect(csvTime('2019-04-30T23:59:59.000+09:00', 'japanese')).toBe('平成31年4月30日 23:59:59');
  });
});
