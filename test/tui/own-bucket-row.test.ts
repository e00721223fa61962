import { describe, expect, it } from 'vitest';
import { createSession } from '../../src/tui/session.js';
import { inputFromYaml } from '../estimate/helpers.js';

const A = '111111111111';
describe("a governed trail's own log bucket in the Resources tree", () => {
  it('reads drop, from that trail, as the optimizer treats it (not the policy default)', async () => {
    const session = createSession(inputFromYaml(`name: own
inventory:
  accounts: [{ id: "${A}" }]
  buckets:
    - { account: "${A}", region: us-east-1, name: trail-logs, events: { PutObject: 5000 } }
    - { account: "${A}", region: us-east-1, name: app, events: { GetObject: 100 } }
trails:
  - name: data
    account: "${A}"
    homeRegion: us-east-1
    multiRegion: true
    organization: false
    s3Bucket: trail-logs
    selectors: { kind: advanced, selectors: [{ FieldSelectors: [{ Field: eventCategory, Equals: [Data] }, { Field: resources.type, Equals: ["AWS::S3::Object"] }] }] }
policy: { default: log, rules: [] }
`));
    const vm = (await session.view().settled!())!;
    const row = vm.resources.get('s3:arn:aws:s3:::trail-logs/')!;
    expect(row.effective).toBe('drop');
    expect(row.via).toMatch(/data's own log bucket/);
    expect(row.costProposed!.high).toBe(0);
    expect(vm.resources.get('s3:arn:aws:s3:::app/')!.effective).toBe('log');
    session.close?.();
  });
});
