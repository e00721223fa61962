/**
 * Issue 14 end to end: the real binary in a real pseudo-terminal (tmux) — filter by type, jump between matches,
 * open the details, decide a `(rest)`, read every warning, and survive a terminal shrunk below 80×24 and grown back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasTmux, TmuxSession } from './helpers/tmux.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'trailcost.js');
const tmux = hasTmux();
const command = `cd '${root}' && env -u CI -u CONTINUOUS_INTEGRATION -u BUILD_NUMBER -u RUN_ID node '${bin}'; printf '__EXIT=%s\\n' $?`;
const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', TERM: 'xterm-256color', NO_COLOR: '1' };

let session: TmuxSession | null = null;
afterEach(() => {
  session?.kill();
  session = null;
});

/** The status line's position "i/n". */
const position = (screen: string) => /· (\d+)\/(\d+) · sorted/.exec(screen)?.slice(1).map(Number) ?? null;

describe.skipIf(!tmux)('k9s-style Resources in a terminal (tmux)', () => {
  it('/ddb, n, d, a (rest) decision, the warnings, too small and back, q', async () => {
    session = new TmuxSession('k9s');
    const s = session;
    s.start(command, 80, 24, env);
    await s.waitFor((x) => x.includes('Top cost drivers') && /proposed \$/.test(x), 'the Overview with its proposal', 60_000);

    // Every warning, scrolled to the last line.
    s.send('j');
    let screen = await s.waitFor((x) => x.includes('Warnings and findings:'), 'the warnings pane');
    for (let i = 0; i < 20 && /lines \d+–(\d+) of (\d+)/.exec(screen) && !/lines \d+–(\d+) of \1\b/.test(screen); i++) {
      s.send('PageDown');
      screen = await s.waitFor((x) => x !== screen, 'the pane to scroll');
    }
    expect(screen).toContain('[calibration]');
    s.send('Escape');
    await s.waitFor((x) => x.includes('Top cost drivers'), 'back to the Overview');

    // Filter by type: the DynamoDB tables; n walks them.
    s.send('2');
    await s.waitFor((x) => x.includes('events/mo'), 'the Resources tab');
    s.send('/');
    s.type('ddb');
    s.send('Enter');
    screen = await s.waitFor((x) => /\/ddb .* matches/.test(x), 'the filter');
    const tables = screen.split('\n').filter((l) => / ddb +(\d|\?)/.test(l));
    expect(tables.length).toBeGreaterThanOrEqual(5);
    const at = position(screen)!;
    s.send('n');
    screen = await s.waitFor((x) => position(x)?.[0] !== at[0], 'n to move');
    expect(screen).toMatch(/ · \d+\/\d+ · sorted/);

    // Details of the table under the cursor: its ARN, who logs it, where its volume comes from.
    s.send('d');
    screen = await s.waitFor((x) => x.includes('ARN arn:aws:dynamodb:'), 'the detail pane');
    expect(screen).toContain('DynamoDB table');
    expect(screen).toContain('Decision');
    s.send('Escape');
    await s.waitFor((x) => x.includes('/ddb'), 'the table again');
    s.send('Escape');
    await s.waitFor((x) => !x.includes('/ddb'), 'the filter cleared');

    // acme-pii-vault's rest: dropped while its prefixes stay kept.
    s.send('/');
    s.type('pii-vault');
    s.send('Enter');
    await s.waitFor((x) => /acme-pii-vault/.test(x), 'the bucket');
    s.send('l');
    screen = await s.waitFor((x) => x.includes('(rest)'), 'the rest row');
    for (let i = 0; i < 8 && !/^\(rest\): keep/m.test(screen); i++) {
      s.send('j');
      screen = await s.waitFor((x) => x !== screen, 'the cursor to move');
    }
    expect(screen).toMatch(/^\(rest\): keep/m);
    s.send('Space', 'Space', 'Space');
    screen = await s.waitFor((x) => /\(rest\)\s+s3 .*\bdrop\s*$/m.test(x), 'the rest decided drop');
    expect(screen).toMatch(/customers\/\s+pfx .*\bkeep\s*$/m);
    // Once optimized: the rest costs less (the governed trail drops it), the prefixes kept cost what they cost now.
    screen = await s.waitFor((x) => /proposed \$/.test(x.split('\n')[1]), 'the new proposal', 60_000);
    const rest = /\(rest\)\s+s3\s+\S+\s+\$(\d+\.\d+)\s+\$(\d+\.\d+) metric\s+drop/.exec(screen);
    expect(rest, screen).not.toBeNull();
    expect(Number(rest![2])).toBeLessThan(Number(rest![1]));
    expect(screen).toMatch(/customers\/\s+pfx\s+\S+\s+\$11\.40\s+\$11\.40 metric\s+keep/);
    // The details say why it is not zero: a trail outside the policy logs the bucket whole.
    s.send('d');
    screen = await s.waitFor((x) => x.includes('acme-pii-vault (rest)'), 'the rest details');
    expect(screen).toContain(`security-trail · `);
    expect(/security-trail · \S+ · \$(\d+\.\d+)/.exec(screen)?.[1]).toBe(rest![2]);
    s.send('d');
    await s.waitFor((x) => x.includes('events/mo'), 'the table');

    // Too small, then back.
    s.resize(40, 10);
    screen = await s.waitFor((x) => x.includes('terminal too small'), 'the too-small screen');
    expect(screen.replace(/\n/g, ' ')).toContain('(need 80×24, have 40×10)');
    s.resize(80, 24);
    screen = await s.waitFor((x) => x.includes('events/mo') && x.includes('trailcost · acme-demo'), 'the table again');
    expect(screen).not.toContain('terminal too small');

    s.send('q');
    screen = await s.waitFor((x) => x.includes('__EXIT='), 'the program to exit');
    expect(screen).toContain('__EXIT=0');
  }, 150_000);
});

if (!tmux) {
  describe('k9s-style Resources in a terminal', () => {
    it.skip('SKIPPED: tmux is not installed', () => {});
  });
}
