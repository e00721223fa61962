/** writeFileAtomic: symlinks, file mode, temp files of killed writes (issue 13). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/io/atomic-write.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailcost-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A pid no process has (above every Linux pid_max and macOS's). */
const DEAD_PID = 2 ** 31 - 2;

describe('writeFileAtomic', () => {
  it('writes through a symlink: the target gets the content, the link stays a link', () => {
    mkdirSync(join(dir, 'real'));
    const target = join(dir, 'real', 'scenario.yaml');
    writeFileSync(target, 'old\n');
    const link = join(dir, 'scenario.yaml');
    symlinkSync(join('real', 'scenario.yaml'), link);
    writeFileAtomic(link, 'new\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(join('real', 'scenario.yaml'));
    expect(readFileSync(target, 'utf8')).toBe('new\n');
    expect(readdirSync(dir).sort()).toEqual(['real', 'scenario.yaml']);
    expect(readdirSync(join(dir, 'real'))).toEqual(['scenario.yaml']);
  });

  it('follows a chain of links and a link to a file not written yet', () => {
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real', 'new.yaml'), join(dir, 'b.yaml'));
    symlinkSync('b.yaml', join(dir, 'a.yaml'));
    writeFileAtomic(join(dir, 'a.yaml'), 'x');
    expect(lstatSync(join(dir, 'a.yaml')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, 'b.yaml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real', 'new.yaml'), 'utf8')).toBe('x');
  });

  it.skipIf(process.platform === 'win32')('keeps the mode of the file it replaces', () => {
    const f = join(dir, 'secret.yaml');
    writeFileSync(f, 'old');
    chmodSync(f, 0o600);
    writeFileAtomic(f, 'new');
    expect(statSync(f).mode & 0o777).toBe(0o600);
    chmodSync(f, 0o640);
    writeFileAtomic(f, 'newer');
    expect(statSync(f).mode & 0o777).toBe(0o640);
    expect(readFileSync(f, 'utf8')).toBe('newer');
  });

  it('removes temp files that killed writes left for this file, and only those', () => {
    const f = join(dir, 'snap.json');
    writeFileSync(f, 'old');
    const stale = `.snap.json.${DEAD_PID}.1700000000000.tmp`;
    const live = `.snap.json.${process.ppid}.1700000000000.tmp`; // a writer still running
    const other = `.other.json.${DEAD_PID}.1700000000000.tmp`; // another file's
    const lookalike = '.snap.json.notes.tmp';
    for (const n of [stale, live, other, lookalike]) writeFileSync(join(dir, n), 'partial');
    writeFileAtomic(f, 'new');
    expect(readFileSync(f, 'utf8')).toBe('new');
    expect(readdirSync(dir).sort()).toEqual([live, lookalike, other, 'snap.json'].sort());
  });

  it('removes its own temp file when the write fails', () => {
    const f = join(dir, 'taken');
    mkdirSync(f); // renaming a file onto a directory fails
    writeFileSync(join(f, 'keep'), '');
    expect(() => writeFileAtomic(f, 'x')).toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
  });
});
