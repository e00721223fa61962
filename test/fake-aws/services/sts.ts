/** STS (awsQuery, XML responses): GetCallerIdentity, AssumeRole (keys encode the target account). */
import { AwsError, xml } from '../protocol.js';
import type { ServiceHandler } from '../server.js';

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const wrap = (op: string, result: unknown) =>
  xml(`${op}Response`, { [`${op}Result`]: result, ResponseMetadata: { RequestId: 'fake' } })
    .replace(`<${op}Response>`, `<${op}Response xmlns="${NS}">`);

const sts: ServiceHandler = {
  signingName: 'sts',
  protocol: 'awsQuery',
  throttle: { code: 'Throttling', status: 400 },
  operations: {
    GetCallerIdentity(req) {
      const assumed = req.accessKeyId.startsWith('ASIA');
      return wrap('GetCallerIdentity', {
        UserId: assumed ? 'AROAFAKE:trailcost' : 'AIDAFAKEUSER',
        Account: req.account,
        Arn: assumed ? `arn:aws:sts::${req.account}:assumed-role/trailcost/trailcost` : `arn:aws:iam::${req.account}:user/fake-admin`,
      });
    },
    AssumeRole(req, ctx) {
      const roleArn = String(req.input.RoleArn ?? '');
      const m = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(roleArn);
      if (!m) throw new AwsError('ValidationError', `Invalid RoleArn ${roleArn}`);
      if (!ctx.truth.accounts.some((a) => a.id === m[1])) {
        throw new AwsError('AccessDenied', `User is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
      }
      const exp = new Date(ctx.now.getTime() + 3600_000).toISOString();
      return wrap('AssumeRole', {
        Credentials: { AccessKeyId: `ASIA${m[1]}FAKE`, SecretAccessKey: 'fake-assumed-secret', SessionToken: 'fake-session-token', Expiration: exp },
        AssumedRoleUser: { AssumedRoleId: `AROAFAKE:${req.input.RoleSessionName ?? 'session'}`, Arn: `arn:aws:sts::${m[1]}:assumed-role/${m[2]}/${req.input.RoleSessionName ?? 'session'}` },
      });
    },
  },
};
export default sts;
