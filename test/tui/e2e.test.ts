/**
 * End to end: the real `trailcost` binary in a real pseudo-terminal (tmux), keys pressed, the screen read back,
 * and after quitting, the terminal restored (normal screen, cursor visible, shell output intact).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasTmux, TmuxSession } from './helpers/tmux.js';
import { loadInput } from '../../src/app/load-input.js';
import { propose } from '../../src/app/proposal.js';
import { usdShort } from '../../src/tui/format.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'trailcost.js');
const tmux = hasTmux();

// The program prints this marker after it exits, so the test sees the exit status on the restored screen.
// Ink draws only the final frame when it believes it runs in CI (any CI variable, even empty): unset them.
const command = (args = '') =>
  `cd '${root}' && printf 'before-trailcost\\n' && env -u CI -u CONTINUOUS_INTEGRATION -u BUILD_NUMBER -u RUN_ID node '${bin}' ${args}; printf '__EXIT=%s\\n' $?`;
const env = {
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  TERM: 'xterm-256color',
};

let session: TmuxSession | null = null;
afterEach(() => {
  session?.kill();
  session = null;
});

describe.skipIf(!tmux)('trailcost in a terminal (tmux)', () => {
  it('opens on the demo, switches tabs, decides, shows help, quits with q and restores the terminal', async () => {
    session = new TmuxSession('q');
    const s = session;
    s.start(command(), 100, 30, env);
    // What the header must say once the optimizer (a worker thread here) has answered: the one proposal.
    const demo = await loadInput({});
    const proposed0 = `proposed ${usdShort(propose(demo).result.proposed!.usd)}/mo`;
    const proposed1 = `proposed ${usdShort(propose(demo, { decisions: new Map([['s3:arn:aws:s3:::acme-cdn-logs/', 'keep']]) }).result.proposed!.usd)}/mo`;
    expect(proposed1).not.toBe(proposed0);
    let screen = await s.waitFor((x) => x.includes('Top cost drivers'), 'the Overview tab', 30_000);
    expect(screen).toContain('trailcost · acme-demo');
    expect(screen).toMatch(/1 Overview\s+2 Resources\s+3 Selectors\s+4 Scenarios\s+5 Trails/);
    expect(s.pane('#{alternate_on}')).toBe('1');
    screen = await s.waitFor((x) => x.includes(proposed0), 'the proposal in the header', 30_000);

    s.send('2');
    screen = await s.waitFor((x) => x.includes('events/mo'), 'the Resources tab');
    s.send('/');
    s.type('acme-cdn-logs');
    s.send('Enter');
    screen = await s.waitFor((x) => /acme-cdn-logs.*auto \(drop\)/.test(x), 'the filtered row');
    s.send('Space');
    screen = await s.waitFor((x) => /acme-cdn-logs.*\bkeep\s*$/m.test(x), 'the decision to change');
    screen = await s.waitFor((x) => x.includes(proposed1), 'the new proposal in the header', 30_000);
    expect(screen).toMatch(/acme-cdn-logs.*\bkeep\s*$/m);

    s.send('3');
    screen = await s.waitFor((x) => x.includes('JSON (put-event-selectors)'), 'the Selectors tab', 20_000);
    s.send('f');
    await s.waitFor((x) => x.includes('advanced_event_selector {'), 'Terraform');

    s.send('?');
    await s.waitFor((x) => x.includes('Everywhere') && x.includes('ctrl+c'), 'the help overlay');
    s.send('Escape');
    await s.waitFor((x) => !x.includes('Everywhere'), 'the help overlay to close');

    s.send('q');
    screen = await s.waitFor((x) => x.includes('__EXIT='), 'the program to exit');
    expect(screen).toContain('__EXIT=0');
    // Restored: back on the normal screen (the shell line printed before is still there), cursor visible.
    expect(screen).toContain('before-trailcost');
    expect(screen).not.toContain('Top cost drivers');
    expect(s.pane('#{alternate_on}')).toBe('0');
    expect(s.pane('#{cursor_flag}')).toBe('1');
  }, 90_000);

  it('ctrl+c exits at once, even while typing a filter, and restores the terminal', async () => {
    session = new TmuxSession('c');
    const s = session;
    s.start(command(), 80, 24, env);
    await s.waitFor((x) => x.includes('Top cost drivers'), 'the Overview tab', 30_000);
    s.send('2');
    await s.waitFor((x) => x.includes('events/mo'), 'the Resources tab');
    s.send('/');
    s.type('pii');
    await s.waitFor((x) => x.includes('/pii'), 'the filter line');
    s.send('C-c');
    const screen = await s.waitFor((x) => x.includes('__EXIT='), 'the program to exit');
    expect(screen).toContain('__EXIT=0');
    expect(screen).toContain('before-trailcost');
    expect(s.pane('#{alternate_on}')).toBe('0');
    expect(s.pane('#{cursor_flag}')).toBe('1');
  }, 90_000);

  it('fits 80x24 on every tab', async () => {
    session = new TmuxSession('fit');
    const s = session;
    s.start(command(), 80, 24, { ...env, NO_COLOR: '1' });
    await s.waitFor((x) => x.includes('Top cost drivers'), 'the Overview tab', 30_000);
    for (const [key, marker] of [['1', 'Top cost drivers'], ['2', 'events/mo'], ['3', 'values'], ['4', 'vs baseline'], ['5', 'delivers to']] as const) {
      s.send(key);
      const screen = await s.waitFor((x) => x.includes(marker), `tab ${key}`, 20_000);
      const rows = screen.replace(/\n+$/, '').split('\n');
      // Header first line always on screen (nothing scrolled away), footer keys on the last used line.
      expect(rows[0]).toContain('trailcost · acme-demo');
      expect(rows.length).toBeLessThanOrEqual(24);
      expect(screen).toMatch(/q quit|\? help/);
    }
    s.send('q');
    await s.waitFor((x) => x.includes('__EXIT=0'), 'the program to exit');
  }, 120_000);
});

if (!tmux) {
  describe('trailcost in a terminal', () => {
    it.skip('SKIPPED: tmux is not installed; it drives the pseudo-terminal of the end-to-end TUI tests', () => {});
  });
}
