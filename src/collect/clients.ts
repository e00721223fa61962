/**
 * SDK clients for one scan: one per (service, account, Region), sharing credentials per account, a bound on
 * requests in flight across the whole scan, and a count of calls per API (logical calls and HTTP attempts).
 * Endpoints come from `--endpoint-url` (every client), else the SDK's own resolution (AWS_ENDPOINT_URL,
 * AWS_ENDPOINT_URL_<SERVICE>); S3 switches to path-style addressing when an endpoint override is set, as local
 * endpoints need it.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { endpointConfig } from './endpoint.js';
import { Semaphore } from './pool.js';
import { FlagRetryStrategy } from './retry.js';

export type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

const CTORS = {
  athena: AthenaClient,
  cloudtrail: CloudTrailClient,
  cloudwatch: CloudWatchClient,
  costexplorer: CostExplorerClient,
  dynamodb: DynamoDBClient,
  lambda: LambdaClient,
  organizations: OrganizationsClient,
  s3: S3Client,
  sts: STSClient,
} as const;
type Ctors = typeof CTORS;
export type ServiceName = keyof Ctors;

export interface CallStats {
  /** Logical calls per `Service:Operation` (what the plan counts). */
  calls: Record<string, number>;
  /** HTTP attempts including SDK retries. */
  attempts: number;
}

export interface ClientFactoryOptions {
  profile?: string;
  maxAttempts: number;
  concurrency: number;
  onCall?: (key: string) => void;
  /** `--endpoint-url`: every client sends its requests here. */
  endpoint?: string;
}

export class ClientFactory {
  readonly stats: CallStats = { calls: {}, attempts: 0 };
  private readonly cache = new Map<string, unknown>();
  private readonly credentials = new Map<string, Credentials>();
  private readonly gate: Semaphore;

  constructor(private readonly opts: ClientFactoryOptions) {
    this.gate = new Semaphore(opts.concurrency);
  }

  setCredentials(account: string, creds: Credentials): void {
    this.credentials.set(account, creds);
  }

  get<S extends ServiceName>(service: S, account: string, region: string): InstanceType<Ctors[S]> {
    const key = `${service}|${account}|${region}`;
    let client = this.cache.get(key) as InstanceType<Ctors[S]> | undefined;
    if (client) return client;
    const credentials = this.credentials.get(account);
    const endpointOverride = Boolean(this.opts.endpoint || process.env.AWS_ENDPOINT_URL || process.env.AWS_ENDPOINT_URL_S3);
    const Ctor = CTORS[service] as unknown as new (cfg: Record<string, unknown>) => InstanceType<Ctors[S]>;
    client = new Ctor({
      region,
      maxAttempts: this.opts.maxAttempts,
      // The flag is the budget: no per-client retry quota (collect/retry.ts).
      retryStrategy: new FlagRetryStrategy(this.opts.maxAttempts),
      ...(credentials ? { credentials } : { profile: this.opts.profile }),
      ...(service === 's3' && endpointOverride ? { forcePathStyle: true } : {}),
      ...endpointConfig(this.opts.endpoint, service),
    });
    this.instrument(client as unknown as InstrumentableClient);
    this.cache.set(key, client);
    return client;
  }

  private instrument(client: InstrumentableClient): void {
    const stats = this.stats;
    const gate = this.gate;
    const onCall = this.opts.onCall;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const key = `${String(context.clientName).replace(/Client$/, '')}:${String(context.commandName).replace(/Command$/, '')}`;
        stats.calls[key] = (stats.calls[key] ?? 0) + 1;
        onCall?.(key);
        return gate.run(async () => {
          try {
            const out = await next(args);
            stats.attempts += (out.output as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
            return out;
          } catch (err) {
            stats.attempts += (err as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
            throw err;
          }
        });
      },
      { step: 'initialize', name: 'trailcostCallCounter' },
    );
  }
}

interface InstrumentableClient {
  middlewareStack: {
    add(
      mw: (next: (args: unknown) => Promise<{ output: unknown }>, context: { clientName?: string; commandName?: string }) => (args: unknown) => Promise<{ output: unknown }>,
      opts: { step: 'initialize'; name: string },
    ): void;
  };
}
