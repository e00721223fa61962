/**
 * Text from data (bucket names, object keys, event names, caller ARNs, selector Names, file contents) made safe to
 * print on a terminal. Anyone who can write an object key or name a selector can put an escape sequence in front of
 * an approver: OSC 52 writes the clipboard, CSI moves the cursor over the line being read, a bidirectional override
 * reverses what follows. Every control character and every bidi control is shown as a visible escape (`\x1b`,
 * `\u202e`) instead, so the reader sees that something was there. `--json` output is JSON-escaped already and does
 * not use this.
 */

// C0 (but tab and newline, handled below), DEL, C1, the bidi embeddings/overrides/isolates and marks, the Arabic
// letter mark, line/paragraph separators, and lone surrogates (invalid UTF-16 that some terminals draw as garbage).
const UNSAFE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const UNSAFE_LINE = /[\t\n]/g;

function escape(ch: string): string {
  const c = ch.charCodeAt(0);
  return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
}

/** One line of data for a terminal: controls (tab and newline too) and bidi controls shown as visible escapes. */
export function terminalSafe(s: string): string {
  return s.replace(UNSAFE, escape).replace(UNSAFE_LINE, escape);
}

/** Like terminalSafe, but keeps newlines and tabs: for multi-line text whose line breaks are ours. */
export function terminalSafeBlock(s: string): string {
  return s.replace(UNSAFE, escape);
}

/** Does `s` hold anything terminalSafe would change? (For tests and for marking a value as escaped.) */
export function hasUnsafeText(s: string): boolean {
  UNSAFE.lastIndex = 0;
  UNSAFE_LINE.lastIndex = 0;
  return UNSAFE.test(s) || UNSAFE_LINE.test(s);
}

/**
 * A CSV cell from data: terminal-safe, and a leading `=`, `+`, `-`, `@` (a formula to a spreadsheet) or tab/CR
 * prefixed with `'` as OWASP advises, unless the cell is a plain number (a negative amount is not a formula).
 */
export function csvSafe(s: string): string {
  const t = terminalSafe(s);
  return /^[=+\-@]/.test(t) && !/^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t) ? `'${t}` : t;
}
