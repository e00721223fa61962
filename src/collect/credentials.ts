/**
 * The credential check that runs before anything else: resolve credentials through the SDK's provider chain
 * (`--profile`, env, SSO, assume-role profiles) and ask STS who they belong to. Failure is a usage error (exit 2)
 * with a message that names the profile and says what to do.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { UsageError } from '../errors.js';
import { endpointConfig } from './endpoint.js';

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

/** The first line of an error's message, whatever was thrown. */
function firstLine(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return (typeof m === 'string' ? m : String(m)).split('\n')[0];
}

type Resolved = Awaited<ReturnType<AwsCredentialIdentityProvider>>;

/** Characters a key or token can hold: what an HTTP header takes, printable ASCII without spaces. */
const TOKEN_CHARS = /^[\x21-\x7e]+$/;

/**
 * Credentials that cannot work, told before any call: a key or token with a character no HTTP header takes (a
 * newline or space pasted with it: the SDK would fail with a bare TypeError), or an expiry already past (the SDK
 * would sign with them anyway). Names the environment variable when that is where they came from.
 */
export function credentialsProblem(c: Resolved, now: number, env: NodeJS.ProcessEnv = process.env): string | null {
  const fields: Array<[string, string | undefined, string]> = [
    ['access key id', c.accessKeyId, 'AWS_ACCESS_KEY_ID'],
    ['secret access key', c.secretAccessKey, 'AWS_SECRET_ACCESS_KEY'],
    ['session token', c.sessionToken, 'AWS_SESSION_TOKEN'],
  ];
  for (const [what, value, variable] of fields) {
    if (value === undefined || TOKEN_CHARS.test(value)) continue;
    const where = env[variable] === value ? variable : `the ${what}`;
    const bad = /\s/.test(value) ? 'a space or line break' : value === '' ? 'nothing' : 'a character that is not printable ASCII';
    return `${where} holds ${bad} (pasted with it?)`;
  }
  const exp = c.expiration;
  if (exp !== undefined) {
    const fromEnv = env.AWS_CREDENTIAL_EXPIRATION !== undefined && env.AWS_ACCESS_KEY_ID === c.accessKeyId;
    // An expiry that is not a date is ignored, as the SDK does.
    if (!Number.isNaN(exp.getTime()) && exp.getTime() <= now) return `they expired at ${exp.toISOString()}${fromEnv ? ' (AWS_CREDENTIAL_EXPIRATION)' : ''}`;
  }
  return null;
}

function fromEnvironment(c: Resolved, profile?: string): boolean {
  return !profile && process.env.AWS_ACCESS_KEY_ID !== undefined && c.accessKeyId === process.env.AWS_ACCESS_KEY_ID;
}

/** Where the credentials come from, for messages: the profile, or the environment variables. */
function source(c: Resolved, profile?: string): string {
  return fromEnvironment(c, profile) ? 'the AWS credentials in the environment (AWS_ACCESS_KEY_ID, ...)' : `the credentials of profile "${profileName(profile)}"`;
}

/** What to do about credentials that did not work. */
function fix(c: Resolved, profile?: string): string {
  if (!fromEnvironment(c, profile)) return hint(profile);
  return 'Set fresh ones (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and, for temporary ones, AWS_SESSION_TOKEN; e.g. `eval "$(aws configure export-credentials --format env)"`), or unset them and choose a profile with --profile.';
}

export async function checkIdentity(opts: { profile?: string; region?: string; endpoint?: string }): Promise<Identity> {
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
  let resolved: Resolved;
  try {
    resolved = await provider();
  } catch (err) {
    throw new UsageError(`no usable AWS credentials for profile "${profileName(opts.profile)}": ${firstLine(err)}. ${hint(opts.profile)}`);
  }
  const unusable = credentialsProblem(resolved, Date.now());
  if (unusable) throw new UsageError(`${source(resolved, opts.profile)} cannot be used: ${unusable}. ${fix(resolved, opts.profile)}`);
  const sts = new STSClient({ credentials: provider, ...(opts.region ? { region: opts.region } : { profile: opts.profile }), ...endpointConfig(opts.endpoint) });
  let region: string;
  try {
    region = opts.region ?? (await sts.config.region());
  } catch {
    throw new UsageError(`no AWS Region configured for profile "${profileName(opts.profile)}": pass --region, set AWS_REGION, or set region in the profile.`);
  }
  const client = opts.region ? sts : new STSClient({ credentials: provider, region, ...endpointConfig(opts.endpoint) });
  try {
    const id = await client.send(new GetCallerIdentityCommand({}));
    return { account: id.Account ?? '', arn: id.Arn ?? '', region, credentials: provider };
  } catch (err) {
    const e = (err instanceof Error ? err : new Error(String(err))) as Error;
    // Node's own refusal of a header value (a key or token it cannot send): the credentials, not STS.
    if (e instanceof TypeError || (e as NodeJS.ErrnoException).code === 'ERR_INVALID_CHAR') {
      throw new UsageError(`${source(resolved, opts.profile)} cannot be sent: ${firstLine(e)}. ${fix(resolved, opts.profile)}`);
    }
    if (['ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'AccessDenied', 'UnrecognizedClientException', 'CredentialsProviderError', 'TokenProviderError'].includes(e.name)) {
      throw new UsageError(`${source(resolved, opts.profile)} were rejected by STS (${e.name}: ${firstLine(e)}). ${fix(resolved, opts.profile)}`);
    }
    throw new UsageError(`could not verify ${source(resolved, opts.profile)} with STS GetCallerIdentity (${e.name}: ${firstLine(e)}).`);
  }
}
