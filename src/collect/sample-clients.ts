/**
 * The SDK clients `trailcost sample` needs: S3 for log objects in a trail's bucket, Athena or CloudTrail Lake
 * for the aggregation where the logs live. Credentials from the default chain (or a profile); the Region from
 * the option or AWS_REGION. This module is itself imported on demand (cli/commands/sample.ts), so a local sample
 * never loads an SDK; inside it the imports are static, because a dynamic import of a CommonJS package has no
 * named exports in the esbuild bundle.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { endpointConfig } from './endpoint.js';

export interface SampleAwsOptions {
  profile?: string;
  region?: string;
  /** `--endpoint-url`: every client sends its requests here. */
  endpoint?: string;
}

/** Attempts per S3 request (the SDK's default is 3): a day of an organization's logs is thousands of GETs. */
const S3_ATTEMPTS = 10;

async function base(o: SampleAwsOptions): Promise<{ region: string | undefined; credentials: unknown }> {
  return { region: o.region ?? process.env.AWS_REGION, credentials: fromNodeProviderChain(o.profile ? { profile: o.profile } : {}) };
}

export async function sampleS3Client(o: SampleAwsOptions): Promise<S3Client> {
  const { region, credentials } = await base(o);
  // The trail's bucket may live in another Region than the profile's: follow S3's redirect. A local endpoint
  // (AWS_ENDPOINT_URL, tests) needs path-style addressing.
  const local = Boolean(o.endpoint || process.env.AWS_ENDPOINT_URL || process.env.AWS_ENDPOINT_URL_S3);
  return new S3Client({ ...(region ? { region } : { profile: o.profile }), credentials: credentials as never, followRegionRedirects: true, maxAttempts: S3_ATTEMPTS, ...(local ? { forcePathStyle: true } : {}), ...endpointConfig(o.endpoint, 's3') });
}

export async function sampleAthenaClient(o: SampleAwsOptions): Promise<AthenaClient> {
  const { region, credentials } = await base(o);
  return new AthenaClient({ region, credentials: credentials as never, ...endpointConfig(o.endpoint) });
}

export async function sampleLakeClient(o: SampleAwsOptions): Promise<CloudTrailClient> {
  const { region, credentials } = await base(o);
  return new CloudTrailClient({ region, credentials: credentials as never, ...endpointConfig(o.endpoint) });
}
