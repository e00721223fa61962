/**
 * Driving a real program in a real pseudo-terminal through tmux (on its own socket, so nothing else running
 * in tmux is touched): start it at a size, send keys, read the screen, ask tmux whether the alternate screen
 * is on and the cursor is visible.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
}

export class TmuxSession {
  readonly socket: string;
  readonly name = 'tc';
  constructor(tag: string) {
    this.socket = `trailcost-test-${tag}-${process.pid}`;
  }

  private tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** Starts `command` (a shell command line) in a detached session of `columns`×`rows`. */
  start(command: string, columns: number, rows: number, env: Record<string, string | undefined> = {}): void {
    const envArgs = Object.entries(env).flatMap(([k, v]) => (v === undefined ? [] : ['-e', `${k}=${v}`]));
    // -f /dev/null: the user's tmux.conf must not change what the test sees. The pane stays alive after the
    // command (a sleep, ended by kill()) so the restored screen can be read as the shell left it; tmux's own
    // remain-on-exit would redraw the pane and scroll it.
    execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', 'new-session', '-d', '-s', this.name, '-x', String(columns), '-y', String(rows), ...envArgs, `${command}; exec sleep 600`]);
  }

  send(...keys: string[]): void {
    for (const k of keys) this.tmux(['send-keys', '-t', this.name, k]);
  }

  /** Sends literal text (no key-name lookup). */
  type(text: string): void {
    this.tmux(['send-keys', '-t', this.name, '-l', text]);
  }

  /** Resizes the window (and so the pane the program runs in): the program gets SIGWINCH as in a terminal. */
  resize(columns: number, rows: number): void {
    this.tmux(['resize-window', '-t', this.name, '-x', String(columns), '-y', String(rows)]);
  }

  screen(): string {
    return this.tmux(['capture-pane', '-p', '-t', this.name]);
  }

  /** tmux format variables of the pane: alternate_on, cursor_flag, pane_dead, pane_dead_status. */
  pane(format: string): string {
    return this.tmux(['display-message', '-p', '-t', this.name, format]).trim();
  }

  async waitFor(pred: (screen: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
    const start = Date.now();
    for (;;) {
      const s = this.screen();
      if (pred(s)) return s;
      if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async waitUntil(pred: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    const start = Date.now();
    while (!pred()) {
      if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; screen:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Ends this session's tmux server (and with it the program) and removes its socket file. */
  kill(): void {
    const path = spawnSync('tmux', ['-L', this.socket, 'display-message', '-p', '#{socket_path}'], { encoding: 'utf8' }).stdout?.trim();
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
    if (path) rmSync(path, { force: true });
  }
}
