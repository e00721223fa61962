/** Exit codes of the command-line contract (design.md, "Command line"). */
export const exitCodes = { ok: 0, findings: 1, usage: 2, partial: 3 } as const;

/** Bad usage or bad input: printed as one clear line (file, line/column or JSON path), exit 2, no stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
