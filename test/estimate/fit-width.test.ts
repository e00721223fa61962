import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { propose } from '../../src/app/proposal.js';
import { breakdown } from '../../src/estimate/breakdown.js';
import { compareVariants } from '../../src/estimate/compare.js';
import { estimateReport } from '../../src/report/estimate.js';
import { compareReport } from '../../src/report/compare.js';
import { printerFor, tableWidth, wrapText, DEFAULT_WIDTH } from '../../src/report/printers.js';
import type { ReportDoc } from '../../src/report/doc.js';
import { GROUP_BYS } from '../../src/estimate/types.js';
import { demoInput } from './helpers.js';

const longest = (s: string) => Math.max(...s.split('\n').map((l) => [...l].length));

describe('text tables fit the terminal', () => {
  const input = demoInput();
  // What `trailcost estimate` prints: the estimate with its proposal.
  const { estimator: est, result } = propose(input);
  const docs: Array<[string, ReportDoc]> = GROUP_BYS.map((by) => [by, estimateReport(result, { by, top: 40 }, by === 'trail' ? undefined : breakdown(est, by))]);
  docs.push(['compare', compareReport(compareVariants(input))]);

  for (const w of [80, 100, 120]) {
    it(`every line of every estimate slice and of compare is ≤ ${w} columns`, () => {
      for (const [name, doc] of docs) {
        const out = printerFor('table').print(doc, null, { width: w });
        expect(longest(out), name).toBeLessThanOrEqual(w);
      }
    });
  }

  it('names the columns it leaves out, and --wide (no width) keeps them all', () => {
    const doc = docs[0][1];
    const narrow = printerFor('table').print(doc, null, { width: 100 });
    const wide = printerFor('table').print(doc, null);
    expect(narrow).toMatch(/Left out to fit 100 columns: Scope, Mgmt ev\/mo, CloudTrail, S3, CW Logs, Athena/);
    expect(wide).not.toMatch(/Left out/);
    expect(wide).toMatch(/Mgmt ev\/mo .* CloudTrail .* S3 .* CW Logs/);
    expect(longest(wide)).toBeGreaterThan(150);
  });

  it('markdown and csv always carry every column', () => {
    const doc = docs[0][1];
    expect(printerFor('markdown').print(doc, null, { width: 80 })).toContain('| CloudTrail | S3 | CW Logs |');
    expect(printerFor('csv').print(estimateReport(result, { by: 'trail', top: 40, raw: true }), null, { width: 80 })).toContain('cloudtrail_usd_low,cloudtrail_usd_high,s3_usd_low,s3_usd_high,cloudwatch_usd_low');
  });

  it('width: the terminal when a TTY (at least 60), 100 when piped, unlimited with --wide', () => {
    expect(tableWidth({ isTTY: true, columns: 132 })).toBe(132);
    expect(tableWidth({ isTTY: true, columns: 40 })).toBe(60);
    expect(tableWidth({ isTTY: false, columns: 132 })).toBe(DEFAULT_WIDTH);
    expect(tableWidth({ wide: true, isTTY: true, columns: 80 })).toBe(Infinity);
  });
});

describe('wrapText', () => {
  it('never exceeds the width, keeps every non-space character in order, keeps the leading indent', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z:/.-]{1,30}$/), { minLength: 1, maxLength: 20 }), fc.integer({ min: 8, max: 60 }), fc.constantFrom('', '  '), (words, w, lead) => {
        const text = lead + words.join(' ');
        const lines = wrapText(text, w, '    ');
        for (const l of lines) expect([...l].length).toBeLessThanOrEqual(w);
        expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
        expect(lines[0].startsWith(lead)).toBe(true);
      }),
    );
  });
});
