/**
 * The SDK clients `trailcost sample` needs: S3 for log objects in a trail's bucket, Athena or CloudTrail Lake
 * for the aggregation where the logs live. Credentials from the default chain (or a profile); the Region from
 * the option or AWS_REGION. Loaded on demand: a local sample never loads an SDK.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { AthenaClient } from '@aws-sdk/client-athena';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
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
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  return { region: o.region ?? process.env.AWS_REGION, credentials: fromNodeProviderChain(o.profile ? { profile: o.profile } : {}) };
}

export async function sampleS3Client(o: SampleAwsOptions): Promise<S3Client> {
  const { S3Client } = await import('@aws-sdk/client-s3');
  const { region, credentials } = await base(o);
  // The trail's bucket may live in another Region than the profile's: follow S3's redirect. A local endpoint
  // (AWS_ENDPOINT_URL, tests) needs path-style addressing.
  const local = Boolean(o.endpoint || process.env.AWS_ENDPOINT_URL || process.env.AWS_ENDPOINT_URL_S3);
  return new S3Client({ ...(region ? { region } : { profile: o.profile }), credentials: credentials as never, followRegionRedirects: true, maxAttempts: S3_ATTEMPTS, ...(local ? { forcePathStyle: true } : {}), ...endpointConfig(o.endpoint, 's3') });
}

export async function sampleAthenaClient(o: SampleAwsOptions): Promise<AthenaClient> {
  const { AthenaClient } = await import('@aws-sdk/client-athena');
  const { region, credentials } = await base(o);
  return new AthenaClient({ region, credentials: credentials as never, ...endpointConfig(o.endpoint) });
}

export async function sampleLakeClient(o: SampleAwsOptions): Promise<CloudTrailClient> {
  const { CloudTrailClient } = await import('@aws-sdk/client-cloudtrail');
  const { region, credentials } = await base(o);
  return new CloudTrailClient({ region, credentials: credentials as never, ...endpointConfig(o.endpoint) });
}
