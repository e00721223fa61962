/** Organizations: the organization, its accounts (ListAccounts, paged), and credentials for each member via AssumeRole. */
import { DescribeOrganizationCommand, paginateListAccounts } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { ClientFactory } from './clients.js';

export async function describeOrganization(clients: ClientFactory, account: string, region: string): Promise<{ id: string; managementAccount: string } | undefined> {
  const out = await clients.get('organizations', account, region).send(new DescribeOrganizationCommand({}));
  const o = out.Organization;
  return o?.Id && o.MasterAccountId ? { id: o.Id, managementAccount: o.MasterAccountId } : undefined;
}

export async function listAccounts(clients: ClientFactory, account: string, region: string): Promise<Array<{ id: string; name?: string }>> {
  const out: Array<{ id: string; name?: string }> = [];
  for await (const page of paginateListAccounts({ client: clients.get('organizations', account, region) }, {})) {
    for (const a of page.Accounts ?? []) {
      if (a.Id && (a.Status ?? 'ACTIVE') === 'ACTIVE') out.push({ id: a.Id, ...(a.Name ? { name: a.Name } : {}) });
    }
  }
  return out;
}

export async function assumeRole(clients: ClientFactory, callerAccount: string, region: string, target: string, role: string): Promise<AwsCredentialIdentity> {
  const out = await clients.get('sts', callerAccount, region).send(new AssumeRoleCommand({
    RoleArn: `arn:aws:iam::${target}:role/${role}`, RoleSessionName: 'trailcost-scan', DurationSeconds: 3600,
  }));
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole into ${target} returned no credentials`);
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
}
