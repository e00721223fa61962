/**
 * `match` throughput on a generated CloudTrail log set (gzip files, S3/Lambda/DynamoDB/management mix) against a
 * 200-value selector set, beside a baseline measured in the same run: only gunzip + JSON.parse of the same files.
 * Also peak RSS of a child process matching 10 vs all files (memory must not grow with the number of files).
 *
 * Size: TRAILCOST_BENCH_RECORDS (default 1,000,000) over TRAILCOST_BENCH_FILES files (default 100).
 */
import { mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readLogFiles } from '../src/collect/logs.js';
import { compile, matchRecord } from '../src/selectors/evaluate.js';
import { countValues } from '../src/selectors/count.js';
import type { AdvancedEventSelector, CloudTrailRecord } from '../src/selectors/types.js';
import { prng as rng } from '../test/support/prng.js';

const ACCOUNT = '111122223333';
const BUCKETS = Array.from({ length: 40 }, (_, i) => `data-${['lake', 'logs', 'media', 'backup'][i % 4]}-${i}`);
const PREFIXES = ['raw/', 'curated/', 'tmp/', 'exports/', 'images/', ''];
const FUNCTIONS = Array.from({ length: 60 }, (_, i) => `svc-${i}-handler`);
const TABLES = Array.from({ length: 80 }, (_, i) => `orders-${i}`);


function uuid(r: () => number): string {
  const h = () => Math.floor(r() * 0x10000).toString(16).padStart(4, '0');
  return `${h()}${h()}-${h()}-4${h().slice(1)}-a${h().slice(1)}-${h()}${h()}${h()}`;
}

const identity = (r: () => number) => {
  const role = ['etl', 'api', 'analytics', 'deploy'][Math.floor(r() * 4)];
  return {
    type: 'AssumedRole',
    principalId: `AROAEXAMPLEID${role.toUpperCase()}:session-${Math.floor(r() * 1000)}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/session-${Math.floor(r() * 1000)}`,
    accountId: ACCOUNT,
    accessKeyId: 'ASIAEXAMPLEKEY123456',
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: `AROAEXAMPLEID${role.toUpperCase()}`, arn: `arn:aws:iam::${ACCOUNT}:role/${role}`, accountId: ACCOUNT, userName: role },
      attributes: { creationDate: '2026-11-23T09:00:00Z', mfaAuthenticated: 'false' },
    },
  };
};

export function record(r: () => number, i: number): CloudTrailRecord {
  const base = {
    eventVersion: '1.10',
    userIdentity: identity(r),
    eventTime: new Date(Date.UTC(2026, 10, 23, 10) + i * 37).toISOString().replace(/\.\d+Z$/, 'Z'),
    awsRegion: 'us-east-1',
    sourceIPAddress: `10.0.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`,
    userAgent: '[aws-sdk-java/2.25.0 Linux/6.1 OpenJDK_64-Bit_Server_VM/17.0.9 vendor/Amazon.com_Inc. exec-env/AWS_ECS_FARGATE]',
    requestID: uuid(r).replace(/-/g, '').toUpperCase().slice(0, 16),
    eventID: uuid(r),
    eventType: 'AwsApiCall',
    recipientAccountId: ACCOUNT,
    tlsDetails: { tlsVersion: 'TLSv1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256', clientProvidedHostHeader: 's3.us-east-1.amazonaws.com' },
  };
  const x = r();
  if (x < 0.6) {
    const bucket = BUCKETS[Math.floor(r() * BUCKETS.length)];
    const key = `${PREFIXES[Math.floor(r() * PREFIXES.length)]}2026/11/23/part-${Math.floor(r() * 100000)}.parquet`;
    const name = ['GetObject', 'GetObject', 'HeadObject', 'PutObject', 'ListObjects', 'DeleteObject'][Math.floor(r() * 6)];
    const list = name === 'ListObjects';
    return {
      ...base, eventSource: 's3.amazonaws.com', eventName: name, readOnly: !['PutObject', 'DeleteObject'].includes(name),
      requestParameters: list ? { bucketName: bucket, Host: `${bucket}.s3.us-east-1.amazonaws.com`, prefix: 'raw/', 'list-type': '2' } : { bucketName: bucket, Host: `${bucket}.s3.us-east-1.amazonaws.com`, key },
      responseElements: null,
      additionalEventData: { SignatureVersion: 'SigV4', CipherSuite: 'TLS_AES_128_GCM_SHA256', bytesTransferredIn: 0, AuthenticationMethod: 'AuthHeader', 'x-amz-id-2': 'EXAMPLEx/amzid2+EXAMPLE=', bytesTransferredOut: Math.floor(r() * 1e6) },
      resources: [
        list ? { type: 'AWS::S3::Object', ARNPrefix: `arn:aws:s3:::${bucket}/raw/` } : { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${bucket}/${key}` },
        { accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` },
      ],
      managementEvent: false, eventCategory: 'Data',
    };
  }
  if (x < 0.75) {
    const fn = FUNCTIONS[Math.floor(r() * FUNCTIONS.length)];
    return {
      ...base, eventSource: 'lambda.amazonaws.com', eventName: 'Invoke', readOnly: false,
      requestParameters: { functionName: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${fn}`, invocationType: 'RequestResponse' },
      responseElements: null, additionalEventData: { functionVersion: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${fn}:$LATEST` },
      resources: [{ accountId: ACCOUNT, type: 'AWS::Lambda::Function', ARN: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${fn}` }],
      managementEvent: false, eventCategory: 'Data',
    };
  }
  if (x < 0.9) {
    const table = TABLES[Math.floor(r() * TABLES.length)];
    const name = ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'BatchGetItem'][Math.floor(r() * 5)];
    return {
      ...base, eventSource: 'dynamodb.amazonaws.com', eventName: name, readOnly: ['GetItem', 'Query', 'BatchGetItem'].includes(name),
      requestParameters: { tableName: table, key: { pk: 'HIDDEN_DUE_TO_SECURITY_REASONS' }, consistentRead: false },
      responseElements: null,
      resources: [{ accountId: ACCOUNT, type: 'AWS::DynamoDB::Table', ARN: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${table}` }],
      managementEvent: false, eventCategory: 'Data',
    };
  }
  const [src, name, ro] = [
    ['kms.amazonaws.com', 'Decrypt', true], ['sts.amazonaws.com', 'AssumeRole', false], ['ec2.amazonaws.com', 'DescribeInstances', true],
    ['iam.amazonaws.com', 'CreateRole', false],
  ][Math.floor(r() * 4)] as [string, string, boolean];
  return {
    ...base, eventSource: src, eventName: name, readOnly: ro, requestParameters: { example: true }, responseElements: null,
    managementEvent: true, eventCategory: 'Management',
  };
}

/** 200 values: management without KMS, S3 prefixes with exclusions, Lambda and DynamoDB allow-lists. */
export function benchSelectors(): AdvancedEventSelector[] {
  const s3 = (name: string, fs: AdvancedEventSelector['FieldSelectors']): AdvancedEventSelector => ({
    Name: name,
    FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, ...(fs ?? [])],
  });
  const sel: AdvancedEventSelector[] = [
    { Name: 'Management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] }] },
    s3('S3 writes', [{ Field: 'readOnly', Equals: ['false'] }, { Field: 'resources.ARN', StartsWith: BUCKETS.slice(0, 30).map((b) => `arn:aws:s3:::${b}/`) }]),
    s3('S3 reads of curated data', [
      { Field: 'readOnly', Equals: ['true'] },
      { Field: 'resources.ARN', StartsWith: BUCKETS.slice(10, 40).map((b) => `arn:aws:s3:::${b}/curated/`), NotStartsWith: BUCKETS.slice(10, 20).map((b) => `arn:aws:s3:::${b}/curated/tmp/`) },
      { Field: 'eventName', NotEquals: ['HeadObject', 'ListObjects'] },
    ]),
    s3('Exports', [{ Field: 'resources.ARN', StartsWith: BUCKETS.slice(0, 20).map((b) => `arn:aws:s3:::${b}/exports/`) }]),
    {
      Name: 'Lambda allow-list',
      FieldSelectors: [
        { Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::Lambda::Function'] },
        { Field: 'resources.ARN', Equals: FUNCTIONS.slice(0, 40).map((f) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${f}`) },
      ],
    },
  ];
  const used = countValues(sel);
  const tables = 200 - used - 3; // the DynamoDB selector's own three values
  sel.push({
    Name: 'DynamoDB writes',
    FieldSelectors: [
      { Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::DynamoDB::Table'] },
      { Field: 'readOnly', Equals: ['false'] },
      { Field: 'resources.ARN', Equals: TABLES.slice(0, tables).map((t) => `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/${t}`) },
    ],
  });
  return sel;
}

/** The baseline: read, gunzip and JSON.parse one file, nothing else. */
async function baselineFile(f: string): Promise<number> {
  const doc = JSON.parse(gunzipSync(await readFile(f)).toString('utf8')) as { Records: unknown[] };
  return doc.Records.length;
}

/** The `match` path: readLogFiles (gzip by magic bytes, shape checks) + the evaluator on every record. */
async function matchFiles(files: string[], compiled: ReturnType<typeof compile>): Promise<{ n: number; logged: number }> {
  let n = 0;
  let logged = 0;
  for await (const { records } of readLogFiles(files)) {
    for (const record of records) {
      n++;
      if (matchRecord(compiled, record).logged) logged++;
    }
  }
  return { n, logged };
}

async function matchAll(files: string[], selectors: AdvancedEventSelector[]): Promise<{ n: number; logged: number }> {
  return matchFiles(files, compile(selectors));
}

async function time<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = process.hrtime.bigint();
  const value = await f();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

const self = fileURLToPath(import.meta.url);

/** Child mode: match the given files, print peak RSS. */
if (process.env.TRAILCOST_BENCH_MATCH_WORKER) {
  const files = JSON.parse(process.env.TRAILCOST_BENCH_MATCH_WORKER) as string[];
  const { n } = await matchAll(files, benchSelectors());
  process.stdout.write(JSON.stringify({ n, maxRssKiB: process.resourceUsage().maxRSS }));
}

function peakRss(files: string[], heapMiB?: number): { n: number; maxRssKiB: number } {
  const flags = heapMiB ? [`--max-old-space-size=${heapMiB}`] : [];
  const r = spawnSync(process.execPath, [...flags, '--import', 'tsx', self], {
    env: { ...process.env, TRAILCOST_BENCH_MATCH_WORKER: JSON.stringify(files) },
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`worker failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { n: number; maxRssKiB: number };
}

export default async function main(): Promise<void> {
  const total = Number(process.env.TRAILCOST_BENCH_RECORDS ?? 1_000_000);
  const nFiles = Number(process.env.TRAILCOST_BENCH_FILES ?? 100);
  const dir = mkdtempSync(join(tmpdir(), 'trailcost-bench-match-'));
  try {
    const r = rng(42);
    const per = Math.ceil(total / nFiles);
    let bytes = 0;
    let raw = 0;
    const gen = await time(async () => {
      for (let f = 0; f < nFiles; f++) {
        const recs: CloudTrailRecord[] = [];
        for (let i = 0; i < per && f * per + i < total; i++) recs.push(record(r, f * per + i));
        const text = JSON.stringify({ Records: recs });
        raw += text.length;
        const gz = gzipSync(text);
        bytes += gz.length;
        writeFileSync(join(dir, `${ACCOUNT}_CloudTrail_us-east-1_20261123T1000Z_${String(f).padStart(4, '0')}.json.gz`), gz);
      }
    });
    const files = readdirSync(dir).sort().map((f) => join(dir, f));
    const selectors = benchSelectors();
    console.log(`log set: ${total.toLocaleString('en-US')} records in ${files.length} files, ${(bytes / 2 ** 20).toFixed(0)} MiB gzip / ${(raw / 2 ** 20).toFixed(0)} MiB JSON (generated in ${(gen.ms / 1000).toFixed(1)} s)`);
    console.log(`selector set: ${selectors.length} selectors, ${countValues(selectors)} values`);

    // Baseline and match are timed on the same file back to back (order alternating), summed over all files and
    // two passes: other processes on this shared machine then slow both alike, and the ratio stays meaningful.
    const compiled = compile(selectors);
    let baseMs = 0;
    let matchMs = 0;
    let logged = 0;
    for (let pass = 0; pass < 2; pass++) {
      logged = 0;
      for (let i = 0; i < files.length; i++) {
        const b = () => time(() => baselineFile(files[i]));
        const m = () => time(() => matchFiles([files[i]], compiled));
        const [tb, tm] = (i + pass) % 2 === 0 ? [await b(), await m()] : await (async () => { const x = await m(); return [await b(), x] as const; })();
        if (tb.value !== tm.value.n) throw new Error(`record counts differ in ${files[i]}`);
        baseMs += tb.ms;
        matchMs += tm.ms;
        logged += tm.value.logged;
      }
    }
    const rate = (ms: number) => Math.round(((2 * total) / ms) * 1000).toLocaleString('en-US');
    console.log(`baseline (read + gunzip + JSON.parse): ${rate(baseMs)} records/s`);
    console.log(`match (readLogFiles + evaluate, 200 values): ${rate(matchMs)} records/s; ${logged.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} logged`);
    const overhead = matchMs / baseMs - 1;
    console.log(`match overhead vs baseline: ${(overhead * 100).toFixed(1)}% (target < 30%: ${overhead < 0.3 ? 'met' : 'NOT met'})`);
    const whole = await time(() => matchFiles(files, compiled));
    console.log(`one streaming pass over all ${files.length} files: ${(whole.ms / 1000).toFixed(1)} s, ${Math.round((total / whole.ms) * 1000).toLocaleString('en-US')} records/s`);

    // The evaluator alone, on records already in memory (the first file's), for the per-record cost.
    const inMem: CloudTrailRecord[] = [];
    for await (const { records } of readLogFiles(files.slice(0, 1))) inMem.push(...records);
    const reps = Math.max(1, Math.round(200_000 / inMem.length));
    const ev = await time(async () => {
      let k = 0;
      for (let rep = 0; rep < reps; rep++) for (const rec of inMem) if (matchRecord(compiled, rec).logged) k++;
      return k;
    });
    const evN = reps * inMem.length;
    console.log(`evaluate only (parsed records in memory): ${Math.round((evN / ev.ms) * 1000).toLocaleString('en-US')} records/s (${((ev.ms * 1000) / evN).toFixed(2)} µs/record)`);

    const few = peakRss(files.slice(0, Math.max(1, Math.floor(files.length / 10))));
    const all = peakRss(files);
    const mib = (k: number) => (k / 1024).toFixed(0);
    console.log(`peak RSS, match over ${Math.max(1, Math.floor(files.length / 10))} files (${few.n.toLocaleString('en-US')} records): ${mib(few.maxRssKiB)} MiB`);
    console.log(`peak RSS, match over ${files.length} files (${all.n.toLocaleString('en-US')} records): ${mib(all.maxRssKiB)} MiB (ratio ${(all.maxRssKiB / few.maxRssKiB).toFixed(2)})`);
    // Peak RSS follows V8's lazy collection; a hard heap cap far below the log set's size shows what is held.
    const capped = peakRss(files, 256);
    console.log(`match over all ${files.length} files (${(raw / 2 ** 20).toFixed(0)} MiB of JSON) with the V8 heap capped at 256 MiB: completed, ${capped.n.toLocaleString('en-US')} records, peak RSS ${mib(capped.maxRssKiB)} MiB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
