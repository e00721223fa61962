/**
 * Issue 13 in the TUI: resource, trail and selector names, rule reasons, warnings and the selector preview from
 * hostile data are drawn with their control and bidi characters as visible escapes, never raw (Ink passes escape
 * sequences through and measures them as zero-width). Every tab, at 80 and 120 columns, through the real session.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { createSession } from '../../src/tui/session.js';
import { fit } from '../../src/tui/format.js';
import { inputFromYaml } from '../estimate/helpers.js';
import { EVIL, OSC52_SHOWN, RLO_SHOWN, hostileScenario, rawUnsafe } from '../report/hostile.js';
import { keys, renderApp } from './helpers/render.js';

afterEach(() => cleanup());

/** Ink's own styling (bold, inverse), if the test terminal has colors: not data. */
const SGR = /\u001b\[[0-9;]*m/g;
const frameSafe = (f: string) => rawUnsafe(f.replace(SGR, ''));
const showsEscapes = (f: string) => f.includes(OSC52_SHOWN.slice(0, 8)) || f.includes(RLO_SHOWN);
const settled = (f: string) => /proposed \$/.test(f.split('\n')[1] ?? '');

describe('hostile names in the TUI (issue 13)', () => {
  it('fit measures and cuts the escaped text', () => {
    const cell = fit(`b${EVIL}`, 12);
    expect(rawUnsafe(cell)).toBeNull();
    expect(cell).toBe('b\\x1b]52;c;…');
    expect([...cell].length).toBe(12);
  });

  for (const columns of [80, 120]) {
    it(`every tab at ${columns} columns: no raw control or bidi character, the escapes visible`, async () => {
      const session = createSession(inputFromYaml(hostileScenario()));
      const app = renderApp({ session, size: { columns, rows: 30 } });
      const seen: string[] = [];
      const check = (what: string, f: string) => {
        seen.push(what);
        expect(frameSafe(f), `${what}:\n${f}`).toBeNull();
        expect(showsEscapes(f), `${what}:\n${f}`).toBe(true);
      };
      // Overview: header (scenario name), drivers, trails, warnings.
      check('overview', await app.waitFor((f) => f.includes('Top cost drivers') && settled(f)));
      // Resources: open the tree down to the prefixes; the status line names the cursor row's rule and reason.
      await app.press('2');
      for (let i = 0; i < 6; i++) await app.press('l', 'j');
      check('resources', app.frame());
      // A decision: the footer message quotes the label and the rule.
      await app.press(keys.space);
      check('decision message', await app.waitFor((f) => f.includes(': keep') || f.includes(': drop') || f.includes(': keep-writes')));
      // Selectors: the trail, findings, and the preview in each format (JSON leaves U+202E as it is).
      await app.press('3');
      check('selectors json', await app.waitFor((f) => f.includes('JSON (put-event-selectors)') && !f.includes('optimizing'), 20_000));
      await app.press('f');
      check('selectors terraform', await app.waitFor((f) => f.includes('Terraform')));
      await app.press('f');
      check('selectors cloudformation', await app.waitFor((f) => f.includes('CloudFormation')));
      // Scenarios: the variant's description.
      await app.press('4');
      check('scenarios', await app.waitFor((f) => f.includes('writes-only') && !f.includes('estimating'), 20_000));
      await app.press('j');
      check('scenarios variant', await app.waitFor((f) => f.includes('variant\\x1b')));
      // Trails: name, selectors in words.
      await app.press('5');
      check('trails', await app.waitFor((f) => f.includes('delivers to')));
      expect(seen).toHaveLength(9);
      app.unmount();
      session.close?.();
    }, 60_000);
  }
});
