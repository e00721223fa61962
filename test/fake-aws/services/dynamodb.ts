/** DynamoDB (awsJson1_0): ListTables, paged with ExclusiveStartTableName / LastEvaluatedTableName. */
import type { ServiceHandler } from '../server.js';

const dynamodb: ServiceHandler = {
  signingName: 'dynamodb',
  protocol: 'awsJson1_0',
  throttle: { code: 'ThrottlingException', status: 400 },
  operations: {
    ListTables(req, ctx) {
      const names = ctx.truth.tables.filter((t) => t.account === req.account && t.region === req.region).map((t) => t.name).sort();
      const after = req.input.ExclusiveStartTableName as string | undefined;
      const start = after ? names.findIndex((n) => n > after) : 0;
      const from = start < 0 ? names.length : start;
      const max = ctx.pageSize(Math.min(Number(req.input.Limit ?? 100), 100));
      const page = names.slice(from, from + max);
      return { TableNames: page, ...(from + max < names.length ? { LastEvaluatedTableName: page[page.length - 1] } : {}) };
    },
  },
};
export default dynamodb;
