/**
 * Wire-protocol helpers of the fake: how each AWS protocol frames a response and an error, so the real SDK
 * clients parse them as they would AWS's (aws-facts §6).
 */
export type Protocol = 'awsJson1_0' | 'awsJson1_1' | 'restJson1' | 'restXml' | 'awsQuery';

/** An error in AWS's vocabulary. Handlers throw it; the server renders it in the service's protocol. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** awsQuery fault type. */
    readonly type: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
  }
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  /** Text, or bytes (S3 GetObject). */
  body: string | Buffer;
}

export function jsonResponse(protocol: Protocol, body: unknown, status = 200): WireResponse {
  const ct = protocol === 'awsJson1_0' ? 'application/x-amz-json-1.0'
    : protocol === 'awsJson1_1' ? 'application/x-amz-json-1.1' : 'application/json';
  return { status, headers: { 'content-type': ct }, body: JSON.stringify(body ?? {}) };
}

export function xmlResponse(body: string, status = 200): WireResponse {
  return { status, headers: { 'content-type': 'text/xml' }, body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}` };
}

export function renderError(protocol: Protocol, err: AwsError, requestId: string): WireResponse {
  switch (protocol) {
    case 'awsJson1_0':
    case 'awsJson1_1':
    case 'restJson1': {
      const r = jsonResponse(protocol, { __type: err.code, message: err.message, Message: err.message }, err.status);
      r.headers['x-amzn-errortype'] = err.code;
      r.headers['x-amzn-requestid'] = requestId;
      // CloudWatch is awsQueryCompatible: its clients read the legacy query code from this header.
      r.headers['x-amzn-query-error'] = `${err.code};${err.type}`;
      return r;
    }
    case 'restXml':
      return xmlResponse(
        `<Error><Code>${esc(err.code)}</Code><Message>${esc(err.message)}</Message><RequestId>${requestId}</RequestId></Error>`,
        err.status,
      );
    case 'awsQuery':
      return xmlResponse(
        `<ErrorResponse><Error><Type>${err.type}</Type><Code>${esc(err.code)}</Code><Message>${esc(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
        err.status,
      );
  }
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `{a: 1, b: [{c: 2}]}` with a list element name → XML. Undefined values are left out. */
export function xml(tag: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object' && !Array.isArray(value)) {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => (Array.isArray(v) ? v.map((x) => xml(k, x)).join('') : xml(k, v)))
      .join('');
    return `<${tag}>${inner}</${tag}>`;
  }
  return `<${tag}>${esc(String(value))}</${tag}>`;
}

/** Opaque page tokens: an offset, base64 so clients cannot lean on the format. */
export function pageToken(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64');
}
export function pageOffset(token: string | undefined | null): number {
  if (!token) return 0;
  const m = /^o:(\d+)$/.exec(Buffer.from(token, 'base64').toString());
  if (!m) throw new AwsError('InvalidNextTokenException', 'The pagination token is invalid.');
  return Number(m[1]);
}
