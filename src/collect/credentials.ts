/**
 * The credential check that runs before anything else: resolve credentials through the SDK's provider chain
 * (`--profile`, env, SSO, assume-role profiles) and ask STS who they belong to. Failure is a usage error (exit 2)
 * with a message that names the profile and says what to do.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { UsageError } from '../errors.js';

export interface Identity {
  account: string;
  arn: string;
  region: string;
  credentials: AwsCredentialIdentityProvider;
}

function profileName(profile?: string): string {
  return profile ?? process.env.AWS_PROFILE ?? 'default';
}

function hint(profile?: string): string {
  const p = profileName(profile);
  const flag = p === 'default' ? '' : ` --profile ${p}`;
  return `If the profile uses IAM Identity Center (SSO), sign in with \`aws sso login${flag}\`; otherwise set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or choose a profile with --profile.`;
}

export async function checkIdentity(opts: { profile?: string; region?: string }): Promise<Identity> {
  const credentials = fromNodeProviderChain(opts.profile ? { profile: opts.profile } : {});
  // Memoize so every client shares one resolution (and one SSO token refresh).
  let cached: Promise<Awaited<ReturnType<typeof credentials>>> | undefined;
  let expires = 0;
  const provider: AwsCredentialIdentityProvider = async () => {
    if (!cached || (expires && Date.now() > expires - 60_000)) {
      cached = credentials();
      const c = await cached;
      expires = c.expiration ? c.expiration.getTime() : 0;
    }
    return cached;
  };
  try {
    await provider();
  } catch (err) {
    const why = (err as Error).message.split('\n')[0];
    throw new UsageError(`no usable AWS credentials for profile "${profileName(opts.profile)}": ${why}. ${hint(opts.profile)}`);
  }
  const sts = new STSClient({ credentials: provider, ...(opts.region ? { region: opts.region } : { profile: opts.profile }) });
  let region: string;
  try {
    region = opts.region ?? (await sts.config.region());
  } catch {
    throw new UsageError(`no AWS Region configured for profile "${profileName(opts.profile)}": pass --region, set AWS_REGION, or set region in the profile.`);
  }
  const client = opts.region ? sts : new STSClient({ credentials: provider, region });
  try {
    const id = await client.send(new GetCallerIdentityCommand({}));
    return { account: id.Account ?? '', arn: id.Arn ?? '', region, credentials: provider };
  } catch (err) {
    const e = err as Error;
    if (['ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'AccessDenied', 'UnrecognizedClientException', 'CredentialsProviderError', 'TokenProviderError'].includes(e.name)) {
      throw new UsageError(`the credentials of profile "${profileName(opts.profile)}" were rejected by STS (${e.name}: ${e.message.split('\n')[0]}). ${hint(opts.profile)}`);
    }
    throw new UsageError(`could not verify the credentials of profile "${profileName(opts.profile)}" with STS GetCallerIdentity (${e.name}: ${e.message.split('\n')[0]}).`);
  }
}
