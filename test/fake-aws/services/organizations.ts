/** Organizations (awsJson1_1): DescribeOrganization, ListAccounts (paged, management account only). */
import { AwsError, pageOffset, pageToken } from '../protocol.js';
import type { ServiceHandler } from '../server.js';

const organizations: ServiceHandler = {
  signingName: 'organizations',
  protocol: 'awsJson1_1',
  throttle: { code: 'TooManyRequestsException', status: 400 },
  operations: {
    DescribeOrganization(_req, ctx) {
      const o = ctx.truth.organization;
      return { Organization: { Id: o.id, Arn: `arn:aws:organizations::${o.managementAccount}:organization/${o.id}`, FeatureSet: 'ALL', MasterAccountId: o.managementAccount, MasterAccountArn: `arn:aws:organizations::${o.managementAccount}:account/${o.id}/${o.managementAccount}`, MasterAccountEmail: 'root@example.com' } };
    },
    ListAccounts(req, ctx) {
      if (req.account !== ctx.truth.organization.managementAccount) {
        throw new AwsError('AccessDeniedException', 'You don\'t have permissions to access this resource.', 400);
      }
      const all = ctx.truth.accounts;
      const start = pageOffset(req.input.NextToken);
      const size = ctx.pageSize(Math.min(Number(req.input.MaxResults ?? 20), 20));
      const o = ctx.truth.organization;
      return {
        Accounts: all.slice(start, start + size).map((a) => ({
          Id: a.id, Name: a.name, Email: `${a.name}@example.com`, Status: 'ACTIVE', State: 'ACTIVE', JoinedMethod: 'CREATED',
          Arn: `arn:aws:organizations::${o.managementAccount}:account/${o.id}/${a.id}`,
        })),
        ...(start + size < all.length ? { NextToken: pageToken(start + size) } : {}),
      };
    },
  },
};
export default organizations;
