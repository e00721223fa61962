/**
 * `--endpoint-url` as SDK client settings: every client of a command sends its requests to the one URL, as the
 * AWS CLI's option does. S3 then uses path-style addressing (`URL/bucket/key`): a local or proxy endpoint cannot
 * serve `bucket.URL`. No SDK is loaded here, so a command that never calls AWS pays nothing for it.
 */
export function endpointConfig(endpoint: string | undefined, service?: string): Record<string, unknown> {
  if (!endpoint) return {};
  return { endpoint, ...(service === 's3' ? { forcePathStyle: true } : {}) };
}
