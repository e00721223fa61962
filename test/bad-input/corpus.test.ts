/**
 * Bad input (issue 13), end to end: the real binary against a corpus of hostile or absurd files, for every command
 * that reads each kind of file. Every case must end with the contract's exit code (2 bad input, 3 partial for
 * `sample`, which skips and names a bad log file), one clear message naming the file and where in it (line:column
 * or JSON path), and no stack trace — never an abort, a hang or all of memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { cleanEnv, runCli, type CliResult } from '../scan/run-cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'trailcost-bad-input-'));
const at = (name: string) => join(dir, name);
const GOOD_LOG = join(root, 'test/fixtures/records/mixed.json');
const SMALL = join(root, 'scenarios/small-startup.yaml');
const DEMO_SNAPSHOT = join(root, 'scenarios/demo.snapshot.json');
const PRICES = join(root, 'pricing/prices.json');
const SELECTORS = join(root, 'test/fixtures/selectors/basic.json');

beforeAll(() => {
  // 1. Nesting: 1,000 levels in 2 KB (JSON and YAML), and as deep as allowed (200: still read, as a schema error).
  writeFileSync(at('deep.json'), `${'['.repeat(1000)}${']'.repeat(1000)}`);
  writeFileSync(at('deep-key.json'), `{"name": "x", "trails": ${'{"a": '.repeat(300)}1${'}'.repeat(300)}}`);
  writeFileSync(at('deep.yaml'), `name: x\ntrails: ${'['.repeat(1000)}${']'.repeat(1000)}\n`);
  writeFileSync(at('deep-200.json'), `{"name": "x", "trails": ${'['.repeat(199)}${']'.repeat(199)}}`);
  // 2. YAML aliases: one before its anchor; a billion laughs (9 levels of 9 aliases).
  writeFileSync(at('alias-first.yaml'), 'name: x\ntrails: *t\ninventory: &t\n  accounts: []\n');
  const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const p = String.fromCharCode(96 + i);
    const c = String.fromCharCode(97 + i);
    laughs.push(`${c}: &${c} [${Array(9).fill(`*${p}`).join(',')}]`);
  }
  writeFileSync(at('laughs.yaml'), `${laughs.join('\n')}\nname: x\n`);
  // 3. Size: a 1 MiB gzip of 1 GiB of zeros (1,024 gzip members of 1 MiB each); a 300 MiB file (sparse: no disk
  // used); a FIFO; a symlink to /dev/zero.
  const member = gzipSync(Buffer.alloc(1 << 20), { level: 9 });
  const fd = openSync(at('bomb.json.gz'), 'w');
  for (let i = 0; i < 1024; i++) writeSync(fd, member);
  closeSync(fd);
  const big = openSync(at('big.json'), 'w');
  ftruncateSync(big, 300 * 1024 * 1024);
  closeSync(big);
  execFileSync('mkfifo', [at('fifo.json')]);
  symlinkSync('/dev/zero', at('zero.json'));
  // 4. Absurd volumes, in a scenario, a snapshot and a price book.
  const small = readFileSync(SMALL, 'utf8');
  writeFileSync(at('huge.yaml'), small.replace('PutRequests: 26000000', 'PutRequests: 1.7e308'));
  writeFileSync(at('growth.yaml'), small.replace('retentionMonths: 6', 'retentionMonths: 6\n  growth: 1e300'));
  const snap = JSON.parse(readFileSync(DEMO_SNAPSHOT, 'utf8')) as { measurements: Array<{ sum: number }>; billing: Array<{ quantity: number }> };
  snap.measurements[0].sum = 1.7e308;
  writeFileSync(at('huge-snapshot.json'), JSON.stringify(snap, null, 2));
  snap.measurements[0].sum = 1;
  snap.billing[0].quantity = -1e6;
  writeFileSync(at('negative-snapshot.json'), JSON.stringify(snap, null, 2));
  const book = JSON.parse(readFileSync(PRICES, 'utf8')) as { prices: Array<{ amount?: number }> };
  book.prices.find((p) => p.amount !== undefined)!.amount = 1.7e308;
  writeFileSync(at('huge-prices.json'), JSON.stringify(book, null, 2));
  // 6. Output paths that cannot be written.
  writeFileSync(at('a-file'), 'not a folder\n');
  mkdirSync(at('a-folder'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = cleanEnv();
const run = (args: string[]): Promise<CliResult> => runCli(args, env, root);

/** Exit code, the message (as regexes over stderr) and no stack trace. */
function expectBadInput(r: CliResult, code: number, ...messages: RegExp[]): void {
  expect(r.code, r.stderr).toBe(code);
  for (const m of messages) expect(r.stderr).toMatch(m);
  expect(r.stderr).not.toMatch(/\n\s+at |node:internal|FATAL ERROR|Error: /);
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const file = (name: string) => esc(at(name));

interface Case {
  name: string;
  args: () => string[];
  code: number;
  messages: () => RegExp[];
}

/** Every reader of a scenario, snapshot or price book: the same loader, each command as the user runs it. */
function loaders(name: string, kinds: Array<'scenario' | 'snapshot' | 'pricing'>, message: (what: string) => RegExp): Case[] {
  const out: Case[] = [];
  const what = { scenario: 'scenario', snapshot: 'snapshot', pricing: 'price book' };
  const commands: Record<string, string[]> = {
    scenario: ['estimate', 'optimize', 'compare'],
    snapshot: ['estimate', 'optimize', 'sample'],
    pricing: ['estimate', 'compare'],
  };
  for (const kind of kinds) {
    for (const cmd of commands[kind]) {
      const args = cmd === 'sample' ? ['sample', GOOD_LOG, '--snapshot', at(name)] : [cmd, `--${kind}`, at(name)];
      out.push({ name: `${cmd} --${kind} ${name}`, args: () => args, code: 2, messages: () => [message(what[kind])] });
    }
  }
  return out;
}

/** Every reader of a selectors file: lint, and match's --selectors. */
function selectorReaders(name: string, message: RegExp): Case[] {
  return [
    { name: `lint ${name}`, args: () => ['lint', at(name)], code: 2, messages: () => [message] },
    { name: `match --selectors ${name}`, args: () => ['match', '--selectors', at(name), GOOD_LOG], code: 2, messages: () => [message] },
  ];
}

/** Log files: match skips and names them (exit 2, its contract); sample skips and names them (exit 3). */
function logReaders(name: string, reason: RegExp): Case[] {
  return [
    { name: `match … ${name}`, args: () => ['match', '--selectors', SELECTORS, at(name), GOOD_LOG, '--summary'], code: 2,
      messages: () => [new RegExp(`trailcost: ${file(name)}: ${reason.source}.* \\(skipped\\)`)] },
    { name: `sample ${name} (on this thread)`, args: () => ['sample', at(name), GOOD_LOG, '--threads', '0'], code: 3,
      messages: () => [new RegExp(`trailcost: skipped ${file(name)}: ${reason.source}`)] },
    { name: `sample ${name} (worker threads)`, args: () => ['sample', at(name), GOOD_LOG, '--threads', '1'], code: 3,
      messages: () => [new RegExp(`trailcost: skipped ${file(name)}: ${reason.source}`)] },
  ];
}

const DEEP = 'nested too deep: more than 200 levels of lists and maps';

const cases: Case[] = [
  // 1. Nesting.
  ...loaders('deep.json', ['scenario', 'snapshot', 'pricing'], (what) =>
    new RegExp(`^trailcost: invalid ${what}: ${file('deep.json')}:1:201: ${DEEP} \\(at \\[0\\]\\[0\\]\\[0\\]\\[0\\]\\[0\\]…\\[0\\]\\[0\\]\\[0\\], level 201\\)$`, 'm')),
  ...loaders('deep-key.json', ['scenario'], (what) => new RegExp(`^trailcost: invalid ${what}: ${file('deep-key.json')}:1:\\d+: ${DEEP} \\(at trails\\.a\\.a\\.a\\.a…\\.a\\.a\\.a, level 201\\)$`, 'm')),
  ...loaders('deep.yaml', ['scenario'], (what) => new RegExp(`^trailcost: invalid ${what}: ${file('deep.yaml')}:2:208: ${DEEP} \\(at trails\\[0\\]\\[0\\]`, 'm')),
  ...selectorReaders('deep.json', new RegExp(`^trailcost: ${file('deep.json')}:1:201: ${DEEP} \\(at \\[0\\]`, 'm')),
  // 2. YAML aliases.
  ...loaders('alias-first.yaml', ['scenario'], (what) =>
    new RegExp(`^trailcost: invalid ${what}: ${file('alias-first.yaml')}:2:9: alias \\*t names no anchor &t before it`, 'm')),
  ...selectorReaders('alias-first.yaml', new RegExp(`^trailcost: ${file('alias-first.yaml')}:2:9: alias \\*t names no anchor &t before it`, 'm')),
  ...loaders('laughs.yaml', ['scenario'], (what) =>
    new RegExp(`^trailcost: invalid ${what}: ${file('laughs.yaml')}:\\d+:\\d+: too many aliases: expanding \\*[a-i] goes past 100`, 'm')),
  ...selectorReaders('laughs.yaml', new RegExp(`^trailcost: ${file('laughs.yaml')}:\\d+:\\d+: too many aliases`, 'm')),
  // 3. Sizes and kinds of files.
  ...selectorReaders('bomb.json.gz', new RegExp(`^trailcost: ${file('bomb.json.gz')}: too large: decompresses to more than the 256 MiB input limit`, 'm')),
  ...logReaders('bomb.json.gz', /too large: decompresses to more than the 256 MiB input limit/),
  ...selectorReaders('big.json', new RegExp(`^trailcost: ${file('big.json')}: too large: 300 MiB, over the 256 MiB input limit`, 'm')),
  ...loaders('big.json', ['snapshot'], (what) => new RegExp(`^trailcost: cannot read ${what} ${file('big.json')}: too large: 300 MiB, over the 256 MiB input limit`, 'm')),
  ...logReaders('big.json', /too large: 300 MiB, over the 256 MiB input limit/),
  ...loaders('fifo.json', ['scenario', 'snapshot', 'pricing'], (what) => new RegExp(`^trailcost: cannot read ${what} ${file('fifo.json')}: not a regular file: a named pipe`, 'm')),
  ...selectorReaders('fifo.json', new RegExp(`^trailcost: ${file('fifo.json')}: not a regular file: a named pipe`, 'm')),
  ...logReaders('fifo.json', /not a regular file: a named pipe/),
  ...loaders('zero.json', ['scenario', 'snapshot', 'pricing'], (what) => new RegExp(`^trailcost: cannot read ${what} ${file('zero.json')}: not a regular file: a character device`, 'm')),
  ...selectorReaders('zero.json', new RegExp(`^trailcost: ${file('zero.json')}: not a regular file: a character device`, 'm')),
  ...logReaders('zero.json', /not a regular file: a character device/),
  // 4. Absurd volumes.
  ...loaders('huge.yaml', ['scenario'], (what) =>
    new RegExp(`^trailcost: invalid ${what}: ${file('huge.yaml')}:22:32: more than 10\\^15 \\(1e15\\): not a plausible volume \\(at inventory\\.buckets\\[1\\]\\.requests\\.PutRequests\\)$`, 'm')),
  ...loaders('growth.yaml', ['scenario'], (what) => new RegExp(`^trailcost: invalid ${what}: ${file('growth.yaml')}:\\d+:11: .*<=1000 \\(at assumptions\\.growth\\)$`, 'm')),
  ...loaders('huge-snapshot.json', ['snapshot'], (what) =>
    new RegExp(`^trailcost: invalid ${what}: ${file('huge-snapshot.json')}:\\d+:\\d+: more than 10\\^15 \\(1e15\\): not a plausible volume \\(at measurements\\[0\\]\\.sum\\)$`, 'm')),
  ...loaders('negative-snapshot.json', ['snapshot'], (what) =>
    new RegExp(`^trailcost: invalid ${what}: ${file('negative-snapshot.json')}:\\d+:\\d+: negative: a count is 0 or more \\(at billing\\[0\\]\\.quantity\\)$`, 'm')),
  ...loaders('huge-prices.json', ['pricing'], (what) =>
    new RegExp(`^trailcost: invalid ${what}: ${file('huge-prices.json')}:\\d+:\\d+: more than 1,000,000 USD per unit: not a plausible price \\(at prices\\[\\d+\\]\\.amount\\)$`, 'm')),
  // 6. Outputs that cannot be written: one line, exit 2, nothing left behind.
  { name: 'optimize --out under a file', args: () => ['optimize', '--out', at('a-file/x.json')], code: 2,
    messages: () => [new RegExp(`^trailcost: cannot write ${file('a-file/x.json')}: a folder on the path is a file$`, 'm')] },
  { name: 'optimize --out in a missing folder', args: () => ['optimize', '--out', at('missing/x.json')], code: 2,
    messages: () => [new RegExp(`^trailcost: cannot write ${file('missing/x.json')}: no such file or directory$`, 'm')] },
  { name: 'optimize --out a folder --force', args: () => ['optimize', '--out', at('a-folder'), '--force'], code: 2,
    messages: () => [new RegExp(`^trailcost: cannot write ${file('a-folder')}: is a directory$`, 'm')] },
];

describe('bad input: exit code, one clear message, no stack trace', () => {
  it('the corpus files are what they claim (a 2 KB nesting bomb, a 1 MiB gzip bomb)', () => {
    expect(readFileSync(at('deep.json')).length).toBe(2000);
    expect(readFileSync(at('bomb.json.gz')).length).toBeLessThan(1_100_000);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const r = await run(c.args());
    expectBadInput(r, c.code, ...c.messages());
  }, 60_000);

  it('200 levels are still read (the limit is not below real files): a schema problem, not a nesting one', async () => {
    const r = await run(['estimate', '--scenario', at('deep-200.json')]);
    expectBadInput(r, 2, /invalid scenario/);
    expect(r.stderr).not.toMatch(/nested too deep/);
  }, 60_000);

  it('a failed write leaves no temp file and the folder as it was', () => {
    expect(readdirSync(at('a-folder'))).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(at('missing'))).toBe(false);
  });
});

describe('scan: unusable credentials and outputs (local AWS fake)', () => {
  let aws: FakeAws;
  beforeAll(async () => {
    aws = await startFakeAws({ seed: { buckets: 3 } });
  });
  afterAll(() => aws.close());

  it.each([
    ['a session token with a line break (pasted)', { AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjE\nAaCXVz' }, /AWS_SESSION_TOKEN holds a space or line break/],
    ['an access key with a trailing space', { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE ' }, /AWS_ACCESS_KEY_ID holds a space or line break/],
    ['expired temporary credentials', { AWS_SESSION_TOKEN: 'token', AWS_CREDENTIAL_EXPIRATION: '2020-01-01T00:00:00Z' }, /they expired at 2020-01-01T00:00:00\.000Z \(AWS_CREDENTIAL_EXPIRATION\)/],
  ])('%s: exit 2 before any AWS call, with a hint; the old snapshot stays', async (_name, extra, message) => {
    const out = at(`scan-${Object.keys(extra).join('-')}.json`);
    writeFileSync(out, 'previous content');
    aws.resetStats();
    const r = await runCli(['scan', '--out', out], cleanEnv({ ...aws.env, ...extra }));
    expectBadInput(r, 2, /^trailcost: the AWS credentials in the environment \(AWS_ACCESS_KEY_ID, \.\.\.\) cannot be used: /, message, /Set fresh ones/);
    expect(aws.stats.total).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('previous content');
  }, 60_000);

  it('--out naming a folder: exit 2 "cannot write", after the scan, nothing half-written', async () => {
    const folder = at('scan-folder');
    mkdirSync(folder);
    const r = await runCli(['scan', '--out', folder, '--no-billing'], cleanEnv(aws.env));
    expectBadInput(r, 2, new RegExp(`^trailcost: cannot write ${esc(folder)}: is a directory$`, 'm'));
    expect(readdirSync(folder)).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});
