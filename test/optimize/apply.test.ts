import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * On the demo scenario (its trails are not in the local AWS fake; test/optimize/apply.e2e.test.ts runs apply against
 * the fake). A CloudTrail endpoint speaking awsJson1_1 (X-Amz-Target CloudTrail_20131101.<Op>), holding the demo's
 * data-trail with its basic selectors, recording every PutEventSelectors.
 */
let server: Server;
let endpoint = '';
const puts: unknown[] = [];
const targets: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      targets.push(`${target} ${req.headers['content-type']}`);
      const input = JSON.parse(body || '{}');
      res.setHeader('Content-Type', 'application/x-amz-json-1.1');
      if (target.endsWith('.GetEventSelectors')) {
        res.end(JSON.stringify({ TrailARN: input.TrailName, EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }] }));
      } else if (target.endsWith('.PutEventSelectors')) {
        puts.push(input);
        res.end(JSON.stringify({ TrailARN: input.TrailName, AdvancedEventSelectors: input.AdvancedEventSelectors }));
      } else {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'UnknownOperationException', message: target }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function cli(args: string[], cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env = {
    ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'us-east-1', AWS_PROFILE: '', NO_COLOR: '1',
  };
  return new Promise((resolveRun) => {
    const p = spawn(process.execPath, [join(root, 'bin', 'trailcost.js'), ...args], { env, cwd });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c) => (stdout += c));
    p.stderr.on('data', (c) => (stderr += c));
    p.on('close', (status) => resolveRun({ status, stdout, stderr }));
  });
}

describe('trailcost apply (against a local CloudTrail endpoint)', () => {
  it('dry run, then apply: backs up, diffs, proves, puts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailcost-apply-'));
    const sel = join(dir, 'sel.json');
    const opt = await cli(['optimize', '--out', sel], dir);
    expect(opt.status).toBe(0);
    const dry = await cli(['apply', '--trail', 'data-trail', '--selectors', sel, '--backup', join(dir, 'b1.json')], dir);
    expect(dry.status).toBe(0);
    expect(dry.stderr).toContain('dry run: nothing changed');
    // One answer: the live selectors are the scenario's, so apply's cost and savings are optimize's, to the cent.
    const summary = await cli(['optimize', '--json'], dir);
    const cost = JSON.parse(summary.stdout).trails[0].cost;
    const usd = (x: number) => `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    expect(dry.stderr).toContain(`savings ${usd(cost.savings.low)}–${usd(cost.savings.high)}/month`);
    expect(dry.stderr).toContain(`→ ${usd(cost.usdAfter.low)}–${usd(cost.usdAfter.high)}`);
    expect(dry.stderr).toMatch(/proof: \d+ node × event-class checks against the policy: all hold/);
    expect(existsSync(join(dir, 'b1.json'))).toBe(false);
    expect(puts).toHaveLength(0);
    const real = await cli(['apply', '--trail', 'data-trail', '--selectors', sel, '--backup', join(dir, 'b2.json'), '--yes'], dir);
    expect(real.status).toBe(0);
    expect(real.stderr).toContain('applied: data-trail');
    expect(JSON.parse(readFileSync(join(dir, 'b2.json'), 'utf8'))).toMatchObject({ HomeRegion: 'us-east-1', EventSelectors: [{ DataResources: [{ Values: ['arn:aws:s3'] }] }] });
    expect(puts).toHaveLength(1);
    expect((puts[0] as { AdvancedEventSelectors: unknown }).AdvancedEventSelectors).toEqual(JSON.parse(readFileSync(sel, 'utf8')));
    expect((puts[0] as { TrailName: string }).TrailName).toMatch(/^arn:aws:cloudtrail:us-east-1:\d{12}:trail\/data-trail$/);
    expect(targets.every((t) => t.includes('application/x-amz-json-1.1'))).toBe(true);
  });

  it('refuses a set that stops logging kept data, and puts nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailcost-apply-'));
    const sel = join(dir, 'bad.json');
    // Management only: every kept bucket stops being logged.
    writeFileSync(sel, JSON.stringify([{ Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }]));
    const before = puts.length;
    const r = await cli(['apply', '--trail', 'data-trail', '--selectors', sel, '--yes', '--backup', join(dir, 'b.json')], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/REFUSED: acme-pii-vault\/: \w+ must be logged \(rule acme-pii-vault\)/);
    expect(r.stderr).toContain('not applied');
    expect(puts.length).toBe(before);
    expect(existsSync(join(dir, 'b.json'))).toBe(false);
  });
});
