/** Progress on stderr, only when stderr is a terminal: what is being read, counts, a bar. Quiet otherwise. */
export interface Progress {
  phase(label: string, total?: number): void;
  tick(n?: number): void;
  done(): void;
  /** Optional: where the scan is, per account and Region (the TUI's live start draws it; the stderr line does not). */
  event?(e: ScanEvent): void;
}

/** The parts of the scan a view shows per account (metrics per account and Region). */
export type ScanPart = 'inventory' | 'trails' | 'metrics' | 'billing';

export type ScanEvent =
  /** The accounts the scan will read (after the organization and the role assumptions). */
  | { kind: 'accounts'; accounts: Array<{ id: string; name?: string }> }
  /** A part started or finished; `count` is what it will read (metrics) or what it found (items, trails). */
  | { kind: 'start' | 'done'; part: ScanPart; account: string; region?: string; count?: number; regions?: string[] }
  /** A call failed and became a gap. */
  | { kind: 'gap'; service: string; operation: string; account?: string; region?: string; error: string };

export const quietProgress: Progress = { phase() {}, tick() {}, done() {} };

export function stderrProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return quietProgress;
  let label = '';
  let total = 0;
  let count = 0;
  let last = 0;
  const render = (force = false) => {
    const now = Date.now();
    if (!force && now - last < 80) return;
    last = now;
    const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - label.length - 30));
    const bar = total > 0 ? `[${'#'.repeat(Math.round((count / total) * width)).padEnd(width, '.')}] ${count}/${total}` : count ? `${count}` : '';
    stream.write(`\r\x1b[2K${label} ${bar}`.slice(0, (stream.columns ?? 80) + 8));
  };
  return {
    phase(l, t = 0) {
      label = l;
      total = t;
      count = 0;
      render(true);
    },
    tick(n = 1) {
      count += n;
      render();
    },
    done() {
      stream.write('\r\x1b[2K');
    },
  };
}
