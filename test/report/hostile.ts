/**
 * Hostile data for the terminal-output tests (issue 13): names, keys and messages carrying an OSC 52 clipboard
 * write, a screen clear, a right-to-left override and a carriage return, and what a terminal must never receive.
 */
export const OSC52 = '\u001b]52;c;SGVsbG8=\u0007';
export const CLEAR = '\u001b[2J';
export const RLO = '\u202e';
export const CR = '\r';
/** All four in one: what an attacker appends to a name. */
export const EVIL = `${OSC52}${CLEAR}${RLO}${CR}`;
/** How terminalSafe shows EVIL. */
export const EVIL_SHOWN = '\\x1b]52;c;SGVsbG8=\\x07\\x1b[2J\\u202e\\x0d';
/** EVIL but the CR, for what a policy rule names (a rule's match holds no white space). */
export const EVIL_NO_CR = `${OSC52}${CLEAR}${RLO}`;
export const EVIL_NO_CR_SHOWN = '\\x1b]52;c;SGVsbG8=\\x07\\x1b[2J\\u202e';
export const OSC52_SHOWN = '\\x1b]52;c;SGVsbG8=\\x07';
export const RLO_SHOWN = '\\u202e';
/** A spreadsheet formula (CSV injection); prefixes and keys can hold it. */
export const FORMULA = "=cmd|' /C calc'!A0";

/** Raw ESC, BEL, CR, other C0 but tab and newline, DEL, C1, bidi embeddings/overrides/isolates. */
export const RAW_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** The first raw unsafe character of `s` with some context, or null: a readable failure. */
export function rawUnsafe(s: string): string | null {
  const m = RAW_UNSAFE.exec(s);
  if (!m) return null;
  return JSON.stringify(s.slice(Math.max(0, m.index - 40), m.index + 20));
}

export const ACCOUNT = '111111111111';
const REGION = 'us-east-1';

export const names = {
  scenario: `evil${EVIL}`,
  account: `acct${EVIL}`,
  bucket: `b${EVIL_NO_CR}`,
  prefix: `p${EVIL_NO_CR}/`,
  fn: `fn${EVIL}`,
  trail: `trail${EVIL}`,
  selector: `sel${EVIL}`,
};

const s3Selector = (name: string) => ({
  Name: name,
  FieldSelectors: [
    { Field: 'eventCategory', Equals: ['Data'] },
    { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
  ],
});
const otherSelectors = [
  { Name: `lambda${EVIL}`, FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::Lambda::Function'] }] },
  { Name: `ddb${EVIL}`, FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::DynamoDB::Table'] }] },
];

/**
 * A scenario whose every name is hostile: account, bucket, prefixes (one a CSV formula), function, table (a CSV
 * formula), trail, selector Names, scenario name and description, a policy rule's reason and a variant's
 * description. JSON text (YAML reads JSON).
 */
export function hostileScenario(): string {
  return JSON.stringify({
    name: names.scenario,
    description: `desc${EVIL}`,
    inventory: {
      accounts: [{ id: ACCOUNT, name: names.account }],
      buckets: [
        {
          account: ACCOUNT, region: REGION, name: names.bucket,
          requests: { GetRequests: 4_000_000, PutRequests: 1_000_000 },
          prefixes: [{ prefix: names.prefix, share: 0.5 }, { prefix: `${FORMULA}/`, share: 0.2 }],
        },
        { account: ACCOUNT, region: REGION, name: 'trail-logs', requests: { PutRequests: 10_000 } },
      ],
      functions: [{ account: ACCOUNT, region: REGION, name: names.fn, invocations: 2_000_000, asyncShare: 0 }],
      tables: [{ account: ACCOUNT, region: REGION, name: FORMULA, operations: { GetItem: 300_000 } }],
    },
    trails: [
      {
        name: names.trail, account: ACCOUNT, homeRegion: REGION, multiRegion: true, organization: false, s3Bucket: 'trail-logs',
        selectors: { kind: 'advanced', selectors: [s3Selector(names.selector), ...otherSelectors] },
      },
    ],
    policy: {
      default: 'log',
      rules: [
        { match: `arn:aws:s3:::${names.bucket}/${names.prefix}`, decision: 'keep', reason: `why${EVIL}` },
        { match: `arn:aws:s3:::${names.bucket}/`, decision: 'drop', reason: `noise${EVIL}` },
      ],
    },
    variants: [
      {
        name: 'writes-only',
        description: `variant${EVIL}`,
        modifyTrails: [{ name: names.trail, selectors: { kind: 'advanced', selectors: [{ ...s3Selector(`writes${EVIL}`), FieldSelectors: [...s3Selector('').FieldSelectors, { Field: 'readOnly', Equals: ['false'] }] }] } }],
      },
    ],
  }, null, 2);
}

/** An advanced selector file with a hostile Name and values lint quotes back. */
export function hostileSelectors(): string {
  return JSON.stringify([
    // Logs every record of hostileRecords (match names it).
    { Name: names.selector, FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] },
    {
      Name: `lint${EVIL}`,
      FieldSelectors: [
        { Field: 'eventCategory', Equals: ['Data'] },
        { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
        // No "/": lint warns and quotes the value (TC-SEL-101).
        { Field: 'resources.ARN', StartsWith: [`arn:aws:s3:::lake${EVIL}`] },
      ],
    },
  ], null, 2);
}

/** CloudTrail log file records with a hostile object key, eventName, eventID and caller ARN. */
export function hostileRecords(): { Records: Array<Record<string, unknown>> } {
  const base = (i: number, eventName: string, key: string) => ({
    eventVersion: '1.10', eventTime: `2026-11-23T10:0${i}:00Z`, eventSource: 's3.amazonaws.com', eventName,
    awsRegion: REGION, readOnly: eventName !== 'PutObject', eventType: 'AwsApiCall', managementEvent: false, eventCategory: 'Data',
    recipientAccountId: ACCOUNT, eventID: i === 0 ? `id${EVIL}` : `00000000-0000-0000-0000-00000000000${i}`,
    userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/role${EVIL}/s`, accountId: ACCOUNT },
    resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::lake/${key}` }, { accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::lake' }],
  });
  return {
    Records: [
      base(0, 'GetObject', `k${EVIL}/obj`),
      base(1, `Get${EVIL}`, `k${EVIL}/obj`),
      base(2, 'PutObject', `${FORMULA}/x`),
      base(3, 'GetObject', 'plain/obj'),
    ],
  };
}
