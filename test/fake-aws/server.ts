/**
 * A local AWS fake: one HTTP server that speaks the wire protocols of the installed SDK v3 clients for the
 * operations trailcost uses, serving a seeded synthetic organization (see seed.ts).
 *
 * HOW TO PLUG IN A SERVICE (router/handler interface)
 * ---------------------------------------------------
 * - Each service is one file in `test/fake-aws/services/<name>.ts` exporting a `ServiceHandler`:
 *     { signingName, protocol, throttleCode?, route?, operations: { OpName(req, ctx) { ... } } }
 *   `signingName` is the SigV4 service name in the Authorization header's credential scope
 *   (`monitoring`, `cloudtrail`, `ce`, `s3`, `lambda`, `dynamodb`, `sts`, `organizations`, `athena`): the router
 *   picks the service by it, then the operation by `X-Amz-Target` (awsJson), `Action` (awsQuery) or the
 *   handler's own `route(method, path, query)` (restJson1 / restXml).
 * - The built-in services are registered in the `SERVICES` table below. Optional modules listed in `OPTIONAL`
 *   are loaded when their file exists, so another engineer can add one without editing this file:
 *     - `services/athena.ts`: default export a `ServiceHandler` (signingName `athena`, protocol `awsJson1_1`).
 *     - `services/cloudtrail-lake.ts`: default export `{ operations: {...} }`; CloudTrail operations that
 *       `services/cloudtrail.ts` does not implement (StartQuery, DescribeQuery, GetQueryResults) fall through to it.
 * - An operation gets `(req: FakeRequest, ctx: FakeContext)`:
 *     req.input    parsed JSON body (awsJson, restJson1 bodies) or the form fields (awsQuery); {} otherwise
 *     req.query    URLSearchParams of the URL;  req.path, req.method, req.headers, req.body (raw text)
 *     req.account  the 12-digit account the access key belongs to (AssumeRole keys encode it)
 *     req.region   the Region of the signature's credential scope
 *     ctx.truth    the seeded organization (seed.ts `Truth`); ctx.state a Map for per-server mutable state
 *                  (e.g. query executions); ctx.pageSize(n) the page size to use (n, unless the test forces one)
 *   It returns a plain object (JSON protocols: serialized as the body), a string (XML protocols: the body of a
 *   200 text/xml response), or a full `WireResponse`. To fail, `throw new AwsError(code, message, status)`; the
 *   server renders it in the protocol's error shape (`__type` + `x-amzn-ErrorType`, or `<Error><Code>`).
 * - Faults (throttling, 5xx, dropped connections, AccessDenied / disabled Regions, latency) and per-operation
 *   request counts (`stats`) are applied by the router, so handlers never deal with them.
 *
 * Programmatic use: `const aws = await startFakeAws({ seed, faults, latencyMs, port, pageSize?, now?, onRequest? })` →
 * `{ endpoint, env, close(), stats, resetStats(), truth, faults }`. `env` holds AWS_ENDPOINT_URL, the management
 * account's dummy keys and AWS_REGION; `faults` can be changed while the server runs; `pageSize` forces every paged
 * operation (and GetMetricData datapoints) to that page size, for paging tests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AwsError, jsonResponse, renderError, xmlResponse, type Protocol, type WireResponse } from './protocol.js';
import { seedOrganization, type SeedOptions, type Truth } from './seed.js';
import sts from './services/sts.js';
import s3 from './services/s3.js';
import cloudwatch from './services/cloudwatch.js';
import lambda from './services/lambda.js';
import dynamodb from './services/dynamodb.js';
import cloudtrail from './services/cloudtrail.js';
import costExplorer from './services/cost-explorer.js';
import organizations from './services/organizations.js';
import { prng } from '../support/prng.js';

export { AwsError } from './protocol.js';
export type { WireResponse, Protocol } from './protocol.js';

export interface FakeRequest {
  service: string;
  operation: string;
  region: string;
  account: string;
  accessKeyId: string;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  input: any;
}

export interface FakeContext {
  truth: Truth;
  state: Map<string, unknown>;
  now: Date;
  /** The page size to use: `n` unless the server was started with a forced page size. */
  pageSize(n: number): number;
  /** S3 objects: a folder whose subfolders are buckets, and `bucket/key` names whose GetObject is denied. */
  s3Objects?: { root: string; deny: Set<string> };
}

export type Operation = (req: FakeRequest, ctx: FakeContext) => unknown;

export interface ServiceHandler {
  signingName: string;
  protocol: Protocol;
  /** The throttling error this service returns (code and HTTP status). */
  throttle?: { code: string; status: number };
  /** REST protocols: which operation a request is. */
  route?(method: string, path: string, query: URLSearchParams): string | undefined;
  operations: Record<string, Operation>;
}

export interface Faults {
  /** Share of requests answered with the service's throttling error (0..1). */
  throttleRate?: number;
  /** Share of requests answered with a 500/503. */
  errorRate?: number;
  /** Share of requests whose connection is dropped without an answer. */
  dropRate?: number;
  /** Every call signed for these Regions gets AccessDenied. */
  denyRegions?: string[];
  /** Opt-in Regions that are not enabled: calls fail as AWS does (UnrecognizedClientException / InvalidClientTokenId). */
  disabledRegions?: string[];
  /** `service:Operation` pairs (signing name) that get AccessDenied, e.g. `ce:GetCostAndUsage`. */
  denyOperations?: string[];
  /** Seed of the fault dice (default 7). */
  seed?: number;
}

export interface FakeAwsOptions {
  seed?: SeedOptions;
  faults?: Faults;
  latencyMs?: number;
  port?: number;
  /** Force every paged operation to this page size (paging tests). */
  pageSize?: number;
  /** The fake's clock (default: now). */
  now?: Date;
  /** A folder whose subfolders are S3 buckets served by ListObjectsV2 / GetObject (default: TRAILCOST_FAKE_S3_OBJECTS). */
  s3Objects?: string;
  /** `bucket/key` of objects whose GetObject is AccessDenied. */
  denyObjects?: string[];
  /** Observe every routed request (protocol guard tests). */
  onRequest?(r: { service: string; operation: string; method: string; path: string; headers: IncomingMessage['headers'] }): void;
}

export interface FakeAws {
  endpoint: string;
  /** Env vars that point the SDK (and trailcost) at the fake with the management account's keys. */
  env: Record<string, string>;
  close(): Promise<void>;
  /** Requests received per `service:Operation` (faulted ones included), and `total`. */
  stats: Record<string, number>;
  resetStats(): void;
  truth: Truth;
  /** Change faults while running. */
  faults: Faults;
}

const SERVICES: ServiceHandler[] = [sts, s3, cloudwatch, lambda, dynamodb, cloudtrail, costExplorer, organizations];
const OPTIONAL = ['athena', 'cloudtrail-lake'];

const here = dirname(fileURLToPath(import.meta.url));

async function loadOptional(): Promise<{ extra: ServiceHandler[]; lake?: Record<string, Operation> }> {
  const extra: ServiceHandler[] = [];
  let lake: Record<string, Operation> | undefined;
  for (const name of OPTIONAL) {
    const file = ['.ts', '.js'].map((x) => join(here, 'services', name + x)).find((f) => existsSync(f));
    if (!file) continue;
    const mod = (await import(pathToFileURL(file).href)) as { default?: Partial<ServiceHandler> };
    if (!mod.default?.operations) continue;
    if (name === 'cloudtrail-lake') lake = mod.default.operations;
    else extra.push(mod.default as ServiceHandler);
  }
  return { extra, lake };
}


const SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeAws(opts: FakeAwsOptions = {}): Promise<FakeAws> {
  const now = opts.now ?? new Date();
  const truth = seedOrganization({ ...opts.seed, now });
  const { extra, lake } = await loadOptional();
  const bySigningName = new Map<string, ServiceHandler>();
  for (const s of [...SERVICES, ...extra]) bySigningName.set(s.signingName, s);
  const faults: Faults = { ...opts.faults };
  const dice = prng(faults.seed ?? 7);
  const stats: Record<string, number> = { total: 0 };
  const ctx: FakeContext = {
    truth,
    state: new Map(),
    now,
    pageSize: (n) => (opts.pageSize ? Math.min(opts.pageSize, n) : n),
  };
  const s3Root = opts.s3Objects ?? process.env.TRAILCOST_FAKE_S3_OBJECTS;
  if (s3Root) ctx.s3Objects = { root: s3Root, deny: new Set(opts.denyObjects ?? []) };
  let requestSeq = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const requestId = `fake-${++requestSeq}`;
    const url = new URL(req.url ?? '/', 'http://fake');
    const auth = String(req.headers.authorization ?? '');
    const scope = SCOPE.exec(auth);
    let protocol: Protocol = 'awsJson1_1';
    const send = (w: WireResponse) => {
      res.writeHead(w.status, { ...w.headers, 'x-amz-request-id': requestId, 'content-length': Buffer.byteLength(w.body) });
      res.end(w.body);
    };
    try {
      if (!scope) throw new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
      const [, accessKeyId, region, signingName] = scope;
      const service = bySigningName.get(signingName);
      if (!service) throw new AwsError('UnknownService', `The fake does not implement ${signingName}`, 400);
      protocol = service.protocol;
      // Which operation.
      let operation: string | undefined;
      let input: unknown = {};
      const target = req.headers['x-amz-target'];
      if (protocol === 'awsJson1_0' || protocol === 'awsJson1_1') {
        operation = typeof target === 'string' ? target.slice(target.lastIndexOf('.') + 1) : undefined;
        input = body ? JSON.parse(body) : {};
      } else if (protocol === 'awsQuery') {
        const form = new URLSearchParams(body);
        input = Object.fromEntries(form);
        operation = form.get('Action') ?? undefined;
      } else {
        operation = service.route?.(req.method ?? 'GET', url.pathname, url.searchParams);
        if (body && protocol === 'restJson1') input = JSON.parse(body);
      }
      if (!operation) throw new AwsError('UnknownOperationException', `Unrecognized operation for ${signingName}`, 400);
      const key = `${signingName}:${operation}`;
      opts.onRequest?.({ service: signingName, operation, method: req.method ?? 'GET', path: url.pathname, headers: req.headers });
      stats[key] = (stats[key] ?? 0) + 1;
      stats.total++;
      if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
      // Faults, in a fixed order so a seed gives one sequence of dice.
      const roll = dice();
      if (faults.dropRate && roll < faults.dropRate) {
        req.socket.destroy();
        return;
      }
      const t = faults.throttleRate ?? 0;
      const e = faults.errorRate ?? 0;
      const d = faults.dropRate ?? 0;
      if (roll >= d && roll < d + t) {
        const th = service.throttle ?? { code: 'ThrottlingException', status: 400 };
        throw new AwsError(th.code, 'Rate exceeded', th.status);
      }
      if (roll >= d + t && roll < d + t + e) {
        throw protocol === 'restXml'
          ? new AwsError('InternalError', 'We encountered an internal error. Please try again.', 500)
          : new AwsError('InternalFailure', 'The request processing has failed because of an unknown error.', 500);
      }
      const account = truth.accountForKey(accessKeyId);
      if (!account) {
        const code = protocol === 'restXml' ? 'InvalidAccessKeyId' : protocol === 'awsQuery' ? 'InvalidClientTokenId' : 'UnrecognizedClientException';
        throw new AwsError(code, 'The security token included in the request is invalid.', 403);
      }
      if (faults.disabledRegions?.includes(region)) {
        const code = protocol === 'awsQuery' ? 'InvalidClientTokenId' : protocol === 'restXml' ? 'InvalidAccessKeyId' : 'UnrecognizedClientException';
        throw new AwsError(code, 'The security token included in the request is invalid.', 403);
      }
      if (faults.denyRegions?.includes(region) || faults.denyOperations?.includes(key)) {
        const code = protocol === 'restXml' || protocol === 'awsQuery' ? 'AccessDenied'
          : signingName === 'monitoring' ? 'AccessDenied' : 'AccessDeniedException';
        throw new AwsError(code, `User: arn:aws:iam::${account}:user/fake is not authorized to perform: ${signingName}:${operation} in ${region}`, 403);
      }
      let op = service.operations[operation];
      if (!op && signingName === 'cloudtrail' && lake) op = lake[operation];
      if (!op) throw new AwsError('UnknownOperationException', `The fake does not implement ${key}`, 400);
      const fr: FakeRequest = {
        service: signingName, operation, region, account, accessKeyId, method: req.method ?? 'GET', path: url.pathname,
        query: url.searchParams, headers: req.headers, body, input,
      };
      const out = await op(fr, ctx);
      if (out && typeof out === 'object' && 'status' in out && 'body' in out && 'headers' in out) send(out as WireResponse);
      else if (typeof out === 'string') send(xmlResponse(out));
      else send(jsonResponse(protocol, out ?? {}));
    } catch (err) {
      if (err instanceof AwsError) send(renderError(protocol, err, requestId));
      else send(renderError(protocol, new AwsError('InternalFailure', String((err as Error)?.stack ?? err), 500), requestId));
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}`;
  const mgmt = truth.credentials;
  return {
    endpoint,
    env: {
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: mgmt.accessKeyId,
      AWS_SECRET_ACCESS_KEY: mgmt.secretAccessKey,
      AWS_REGION: truth.homeRegion,
    },
    stats,
    resetStats() {
      for (const k of Object.keys(stats)) delete stats[k];
      stats.total = 0;
    },
    truth,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
