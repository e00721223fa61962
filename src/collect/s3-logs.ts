/**
 * Log files read straight from the trail's bucket: `s3://bucket/prefix` lists the `.json` / `.json.gz` objects
 * under the prefix (ListObjectsV2, every page; digest files skipped; aggregated-event files skipped and counted, as
 * in local trees) in key order, and reads each with GetObject when its turn comes. The SDK retries throttling and
 * 5xx; an object that still cannot be read is reported by its URI and skipped, like a corrupt local file.
 */
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { UsageError } from '../errors.js';
import { MAX_INPUT_BYTES, tooLargeReason } from '../io/read-input.js';
import type { LogSource } from './log-sources.js';
import { AGGREGATED, type SkippedLogFiles } from './logs.js';
import { ACCESS_LOG_NAME } from '../sample/access-log-line.js';

const LOG_NAME = /\.json(\.gz)?$/i;
const DIGEST = /CloudTrail-Digest/;

/**
 * Is `key` in a `CloudTrail-Aggregated` folder below what `prefix` names? Like a local tree: the folders of the key
 * after the prefix's last `/` count (a prefix ending inside a folder's name does not name that folder), so a
 * prefix naming the aggregated folder itself is read.
 */
export function inAggregatedFolder(key: string, prefix: string): boolean {
  const folders = key.slice(prefix.lastIndexOf('/') + 1).split('/');
  for (let i = 0; i < folders.length - 1; i++) if (AGGREGATED.test(folders[i])) return true;
  return false;
}

/** `s3://bucket/prefix` → its parts; null when `uri` is not an s3:// URI with a bucket. */
export function parseS3Uri(uri: string): { bucket: string; prefix: string } | null {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  return m && m[1] ? { bucket: m[1], prefix: m[2] } : null;
}

function awsReason(err: unknown): string {
  const e = err as { name?: string; message?: string };
  return e.name && e.message && !e.message.startsWith(e.name) ? `${e.name}: ${e.message}` : e.message ?? e.name ?? String(err);
}

/**
 * The log objects under `uri`, in key order. A bucket that cannot be listed is a usage error naming it.
 * `onPage` hears the count so far after each page (a large prefix takes a while to list); objects skipped as
 * aggregated-event files are counted in `skipped`.
 */
export async function s3Sources(
  client: S3Client,
  uri: string,
  onPage?: (objects: number) => void,
  skipped?: SkippedLogFiles,
  also?: OtherLogObjects,
): Promise<LogSource[]> {
  const at = parseS3Uri(uri);
  if (!at) throw new UsageError(`${uri}: expected s3://bucket/prefix`);
  const out: LogSource[] = [];
  let token: string | undefined;
  do {
    let page;
    try {
      page = await client.send(new ListObjectsV2Command({ Bucket: at.bucket, Prefix: at.prefix || undefined, ContinuationToken: token }));
    } catch (err) {
      throw new UsageError(`${uri}: cannot list the bucket (${awsReason(err)})`);
    }
    for (const o of page.Contents ?? []) {
      const key = o.Key;
      if (!key || DIGEST.test(key)) continue;
      if (!LOG_NAME.test(key)) {
        // Server access logs have no extension: AWS's object names, or the one object the URI names.
        if (also?.accessLogs && (ACCESS_LOG_NAME.test(key) || key === at.prefix)) also.accessLogs.push(s3Source(client, at.bucket, key, o.Size ?? 0));
        continue;
      }
      if (inAggregatedFolder(key, at.prefix)) {
        if (skipped) skipped.aggregated++;
        also?.aggregated?.push(s3Source(client, at.bucket, key, o.Size ?? 0));
        continue;
      }
      out.push(s3Source(client, at.bucket, key, o.Size ?? 0));
    }
    onPage?.(out.length);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}

/** Objects a listing found besides CloudTrail log files, for the readers that want them. */
export interface OtherLogObjects {
  /** Objects named like S3 server access logs (or named exactly by the URI). */
  accessLogs?: LogSource[];
  /** Log files under `CloudTrail-Aggregated/` (also counted in `skipped.aggregated`). */
  aggregated?: LogSource[];
}

/** One object as a source, read with GetObject when its turn comes (bounded like a local file). */
export function s3Source(client: S3Client, bucket: string, key: string, size: number): LogSource {
  return {
    name: `s3://${bucket}/${key}`,
    size,
    remote: true,
    read: async () => {
      // The input size limit of local files (io/read-input.ts), by the listed and then the served size.
      if (size > MAX_INPUT_BYTES) throw new Error(tooLargeReason(size));
      let r;
      try {
        r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      } catch (err) {
        throw new Error(`cannot read (${awsReason(err)})`);
      }
      if ((r.ContentLength ?? 0) > MAX_INPUT_BYTES) {
        (r.Body as { destroy?: () => void } | undefined)?.destroy?.();
        throw new Error(tooLargeReason(r.ContentLength!));
      }
      try {
        const bytes = await r.Body!.transformToByteArray();
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      } catch (err) {
        throw new Error(`cannot read (${awsReason(err)})`);
      }
    },
  };
}
