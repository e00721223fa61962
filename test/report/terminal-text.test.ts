import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvSafe, hasUnsafeText, terminalSafe, terminalSafeBlock } from '../../src/report/terminal-text.js';

describe('terminalSafe', () => {
  it('shows escape sequences, bidi overrides and line breaks as visible escapes', () => {
    expect(terminalSafe('logs\x1b]52;c;aGk=\x07/x')).toBe('logs\\x1b]52;c;aGk=\\x07/x');
    expect(terminalSafe('a\u202eexe.txt')).toBe('a\\u202eexe.txt');
    expect(terminalSafe('a\nb\tc\r')).toBe('a\\x0ab\\x09c\\x0d');
    expect(terminalSafe('\u009b31m')).toBe('\\x9b31m');
    expect(terminalSafe('x\ud800y')).toBe('x\\ud800y');
  });
  it('leaves ordinary names, accents, CJK and emoji alone', () => {
    for (const s of ['acme-datalake/raw/2026/', 'café', '数据湖', '🪣 bucket', 'arn:aws:lambda:us-east-1:1:function:f']) {
      expect(terminalSafe(s)).toBe(s);
      expect(hasUnsafeText(s)).toBe(false);
    }
  });
  it('keeps our own line breaks in blocks', () => {
    expect(terminalSafeBlock('line 1\nline\x1b[2J 2')).toBe('line 1\nline\\x1b[2J 2');
  });
  it('never lets a control or bidi character through (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = terminalSafe(s);
        expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
        expect(hasUnsafeText(out)).toBe(false);
      }),
    );
  });
  it('defuses spreadsheet formulas in CSV cells but keeps negative numbers', () => {
    expect(csvSafe('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(csvSafe('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvSafe('-12.5')).toBe('-12.5');
    expect(csvSafe('acme')).toBe('acme');
  });
});
