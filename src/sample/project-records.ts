/**
 * CloudTrail log files projected to the fields the sample aggregator reads. JSON.parse of a 50 MB log file builds
 * every nested object of every record (session context, TLS details, request parameters) for the aggregator to
 * look at a dozen fields; here the rest is checked and passed over by the byte scanner, and the kept fields are
 * written to a compact encoding: two Int32Arrays and a list of distinct values. A worker thread can hand that to
 * the main thread for the cost of a copy of the distinct strings (see collect/sample-threads.ts).
 *
 * A text the scanner does not take (invalid JSON, a document that is not `{"Records": [...]}` or an array of
 * record objects) gives null, and callers take the general path, which parses it whole and reports the problem
 * by line and column.
 */
import type { CloudTrailRecord } from '../selectors/types.js';
import { GIVE_UP, JsonScanner, keyTable } from '../io/json-scanner.js';

/**
 * Every field of a record that `SampleAggregator.addRecord` (with `recordCategory` and `pickResource`) reads.
 * A test runs the aggregator over projected and over fully parsed records and requires identical samples.
 * All are taken whole but `userIdentity`, which keeps IDENTITY_FIELDS, and each `resources` entry, RESOURCE_FIELDS.
 */
export const RECORD_FIELDS = [
  'eventID', 'eventTime', 'eventName', 'eventSource', 'eventCategory', 'eventType', 'managementEvent', 'readOnly',
  'awsRegion', 'recipientAccountId', 'userIdentity', 'resources', 'vpcEndpointId', 'errorCode',
] as const;
export const IDENTITY_FIELDS = ['arn'] as const;
export const RESOURCE_FIELDS = ['type', 'ARN', 'ARNPrefix', 'accountId'] as const;
const RECORD_KEYS = keyTable(RECORD_FIELDS);
const IDENTITY_KEYS = keyTable(IDENTITY_FIELDS);
const RESOURCE_KEYS = keyTable(RESOURCE_FIELDS);
const EVENT_ID = 0;
const USER_IDENTITY = 10;
const RESOURCES = 11;

// Value codes: an index into `values` (≥ 0), or one of these.
const ABSENT = -1;
const NULL = -2;
const TRUE = -3;
const FALSE = -4;
/** userIdentity / resources held an object / array, projected into the slots below. */
const PROJECTED = -5;

/** Int32 slots per record: the 14 fields, then userIdentity.arn, the first resources entry and the entry count. */
const W = 17;
const ARN_SLOT = 14;
const FIRST_ENTRY = 15;
const ENTRY_COUNT = 16;
/** Int32 slots per resources entry: PROJECTED (an object) or the element's own value code, then 4 fields. */
const RW = 5;

export interface EncodedRecords {
  count: number;
  /** W slots per record. */
  slots: Int32Array<ArrayBuffer>;
  /** RW slots per resources entry. */
  entries: Int32Array<ArrayBuffer>;
  /** Distinct strings, and the rare values of other types, that the codes index. */
  values: unknown[];
}

/** Cache of recent strings by a hash of their bytes: a power of two minus one. */
const INTERN_MASK = 4095;

/** `a`, or a copy twice its size when it holds fewer than `n` slots. */
function room(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  if (n <= a.length) return a;
  const grown = new Int32Array(Math.max(n, a.length * 2));
  grown.set(a);
  return grown;
}

class LogProjector extends JsonScanner {
  count = 0;
  slots: Int32Array<ArrayBuffer>;
  entries: Int32Array<ArrayBuffer>;
  entryCount = 0;
  values: unknown[] = [];
  /** Hash of an ASCII string's bytes → its index in `values` (+1; 0 is empty). */
  private recent = new Int32Array(INTERN_MASK + 1);

  constructor(b: Uint8Array) {
    super(b);
    // CloudTrail records run 1–2 KB: start near the count and grow by doubling.
    this.slots = new Int32Array(W * Math.max(64, Math.ceil(b.length / 1024)));
    this.entries = new Int32Array(RW * Math.max(64, Math.ceil(b.length / 1024)));
  }

  /** The index of the string just read in `values`; repeated ASCII strings are found without decoding them. */
  private stringCode(intern: boolean): number {
    if (!intern) return this.values.push(this.stringValue()) - 1;
    if (this.escaped || this.wide) return this.values.push(this.stringValue()) - 1;
    const b = this.b;
    const s0 = this.s0;
    const n = this.s1 - s0;
    let h = 0x811c9dc5 ^ n;
    for (let k = 0; k < n; k++) h = Math.imul(h ^ b[s0 + k], 0x01000193);
    const slot = (h ^ (h >>> 15)) & INTERN_MASK;
    const seen = this.recent[slot] - 1;
    if (seen >= 0) {
      const str = this.values[seen] as string;
      if (str.length === n) {
        let k = 0;
        while (k < n && str.charCodeAt(k) === b[s0 + k]) k++;
        if (k === n) return seen;
      }
    }
    // A miss is simply added: the same string may then sit in `values` twice, which costs nothing but room.
    const code = this.values.push(this.text.toString('latin1', s0, this.s1)) - 1;
    this.recent[slot] = code + 1;
    return code;
  }

  /** The value at `i` as a code; strings interned unless `intern` is false (event ids never repeat). */
  private valueCode(depth: number, intern: boolean): number {
    switch (this.b[this.i]) {
      case 0x22:
        this.string();
        return this.stringCode(intern);
      case 0x74:
        this.literal('true');
        return TRUE;
      case 0x66:
        this.literal('false');
        return FALSE;
      case 0x6e:
        this.literal('null');
        return NULL;
      default:
        return this.values.push(this.value(depth)) - 1;
    }
  }

  private record(depth: number): void {
    const base = this.count * W;
    const slots = (this.slots = room(this.slots, base + W));
    slots.fill(ABSENT, base, base + W);
    this.count++;
    if (!this.open(depth)) return;
    do {
      const id = this.key(RECORD_KEYS);
      if (id < 0) {
        this.skip(depth);
      } else if (id === USER_IDENTITY) {
        if (this.b[this.i] === 0x7b) {
          slots[base + USER_IDENTITY] = PROJECTED;
          slots[base + ARN_SLOT] = ABSENT;
          if (this.open(depth + 1)) {
            do {
              if (this.key(IDENTITY_KEYS) === 0) slots[base + ARN_SLOT] = this.valueCode(depth + 1, true);
              else this.skip(depth + 1);
            } while (this.next(0x7d));
          }
        } else {
          slots[base + USER_IDENTITY] = this.valueCode(depth, true);
        }
      } else if (id === RESOURCES) {
        if (this.b[this.i] === 0x5b) {
          slots[base + RESOURCES] = PROJECTED;
          slots[base + FIRST_ENTRY] = this.entryCount;
          slots[base + ENTRY_COUNT] = this.resources(depth + 1);
        } else {
          slots[base + RESOURCES] = this.valueCode(depth, true);
        }
      } else {
        slots[base + id] = this.valueCode(depth, id !== EVENT_ID);
      }
    } while (this.next(0x7d));
  }

  /** The resources array at `i`, appended to `entries`; how many entries it has. */
  private resources(depth: number): number {
    if (!this.open(depth)) return 0;
    let n = 0;
    do {
      const at = this.entryCount * RW;
      const e = (this.entries = room(this.entries, at + RW));
      this.entryCount++;
      n++;
      if (this.b[this.i] === 0x7b) {
        e.fill(ABSENT, at, at + RW);
        e[at] = PROJECTED;
        if (this.open(depth + 1)) {
          do {
            const id = this.key(RESOURCE_KEYS);
            if (id < 0) this.skip(depth + 1);
            else e[at + 1 + id] = this.valueCode(depth + 1, true);
          } while (this.next(0x7d));
        }
      } else {
        e[at] = this.valueCode(depth, true);
      }
    } while (this.next(0x5d));
    return n;
  }

  /** The array of records at `i`; false when an element is not an object (the rest is still checked). */
  private recordArray(): boolean {
    let ok = true;
    if (!this.open(1)) return ok;
    do {
      if (this.b[this.i] === 0x7b) this.record(2);
      else {
        ok = false;
        this.skip(1);
      }
    } while (this.next(0x5d));
    return ok;
  }

  /** A whole log file: `{"Records": [...]}` (other keys checked and passed over) or a bare array of records. */
  document(): boolean {
    this.ws();
    if (this.b[this.i] === 0x5b) {
      if (!this.recordArray()) return false;
    } else if (this.b[this.i] === 0x7b) {
      let found = false;
      if (this.open(0)) {
        do {
          this.key(null);
          if (this.isKey('Records')) {
            // A later "Records" replaces an earlier one, as in JSON.parse.
            this.count = 0;
            this.entryCount = 0;
            if (this.b[this.i] === 0x5b) found = this.recordArray();
            else {
              found = false;
              this.skip(1);
            }
          } else {
            this.skip(0);
          }
        } while (this.next(0x7d));
      }
      // No Records array of objects: one record, or not a log file; the general path says which.
      if (!found) return false;
    } else {
      return false;
    }
    return this.atEnd();
  }
}

/**
 * The records of a CloudTrail log file's bytes (UTF-8 JSON), encoded; null when the text is not valid JSON or not
 * a `{"Records": [...]}` document or an array of record objects.
 */
export function encodeLogRecords(bytes: Uint8Array): EncodedRecords | null {
  const p = new LogProjector(bytes);
  try {
    if (!p.document()) return null;
  } catch (err) {
    if (err === GIVE_UP) return null;
    throw err;
  }
  return { count: p.count, slots: p.slots.subarray(0, p.count * W), entries: p.entries.subarray(0, p.entryCount * RW), values: p.values };
}

function valueOf(values: unknown[], code: number): unknown {
  if (code >= 0) return values[code];
  return code === NULL ? null : code === TRUE ? true : code === FALSE ? false : undefined;
}

/** Each encoded record, in order, as an object holding the projected fields (undefined where absent). */
export function forEachRecord(e: EncodedRecords, visit: (r: CloudTrailRecord) => void): void {
  const { slots, entries, values } = e;
  for (let r = 0; r < e.count; r++) {
    const base = r * W;
    const identity = slots[base + USER_IDENTITY];
    const resources = slots[base + RESOURCES];
    let list: unknown = undefined;
    if (resources === PROJECTED) {
      const first = slots[base + FIRST_ENTRY];
      const n = slots[base + ENTRY_COUNT];
      const out: unknown[] = new Array(n);
      for (let k = 0; k < n; k++) {
        const at = (first + k) * RW;
        out[k] = entries[at] === PROJECTED
          ? {
              type: valueOf(values, entries[at + 1]),
              ARN: valueOf(values, entries[at + 2]),
              ARNPrefix: valueOf(values, entries[at + 3]),
              accountId: valueOf(values, entries[at + 4]),
            }
          : valueOf(values, entries[at]);
      }
      list = out;
    } else {
      list = valueOf(values, resources);
    }
    visit({
      eventID: valueOf(values, slots[base]),
      eventTime: valueOf(values, slots[base + 1]),
      eventName: valueOf(values, slots[base + 2]),
      eventSource: valueOf(values, slots[base + 3]),
      eventCategory: valueOf(values, slots[base + 4]),
      eventType: valueOf(values, slots[base + 5]),
      managementEvent: valueOf(values, slots[base + 6]),
      readOnly: valueOf(values, slots[base + 7]),
      awsRegion: valueOf(values, slots[base + 8]),
      recipientAccountId: valueOf(values, slots[base + 9]),
      userIdentity: identity === PROJECTED ? { arn: valueOf(values, slots[base + ARN_SLOT]) } : valueOf(values, identity),
      resources: list,
      vpcEndpointId: valueOf(values, slots[base + 12]),
      errorCode: valueOf(values, slots[base + 13]),
    } as CloudTrailRecord);
  }
}

/** The projected records of a log file's bytes, or null (see `encodeLogRecords`). */
export function projectLogRecords(bytes: Uint8Array): CloudTrailRecord[] | null {
  const e = encodeLogRecords(bytes);
  if (!e) return null;
  const out: CloudTrailRecord[] = [];
  forEachRecord(e, (r) => out.push(r));
  return out;
}
