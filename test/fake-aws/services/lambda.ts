/** Lambda (restJson1): ListFunctions, paged with Marker / NextMarker. */
import { pageOffset, pageToken } from '../protocol.js';
import type { ServiceHandler } from '../server.js';

const lambda: ServiceHandler = {
  signingName: 'lambda',
  protocol: 'restJson1',
  throttle: { code: 'TooManyRequestsException', status: 429 },
  route(method, path) {
    if (method === 'GET' && /^\/2015-03-31\/functions\/?$/.test(path)) return 'ListFunctions';
    return undefined;
  },
  operations: {
    ListFunctions(req, ctx) {
      const all = ctx.truth.functions.filter((f) => f.account === req.account && f.region === req.region);
      const max = ctx.pageSize(Math.min(Number(req.query.get('MaxItems') ?? 50) || 50, 50));
      const start = pageOffset(req.query.get('Marker'));
      const page = all.slice(start, start + max);
      return {
        Functions: page.map((f) => ({ FunctionName: f.name, FunctionArn: f.arn, Runtime: 'nodejs20.x', Handler: 'index.handler', MemorySize: 128, PackageType: 'Zip' })),
        ...(start + max < all.length ? { NextMarker: pageToken(start + max) } : {}),
      };
    },
  },
};
export default lambda;
