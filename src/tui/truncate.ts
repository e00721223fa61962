/**
 * Names cut to a column so that two different names never look the same: cut at the end as everywhere in the TUI;
 * where two cuts collide, a cut in the middle (the end of an S3 prefix often tells siblings apart) or another cut
 * point that shows where they differ; failing that, a `~N` suffix. Text is made terminal-safe before it is measured.
 */
import { safe } from './format.js';

/** `width` cells of `name`: whole when it fits, else `head` characters, "…", and the rest from the end. */
function cutAt(name: string, width: number, head: number): string {
  if (name.length <= width) return name;
  if (width <= 1) return '…'.slice(0, width);
  const h = Math.max(0, Math.min(width - 1, head));
  const tail = width - 1 - h;
  return name.slice(0, h) + '…' + (tail > 0 ? name.slice(name.length - tail) : '');
}

/** End cut: "acme-analytics-re…". */
export function cutEnd(name: string, width: number): string {
  return cutAt(name, width, width - 1);
}

/** Middle cut, the head one longer when the room is odd. */
export function cutMiddle(name: string, width: number): string {
  return cutAt(name, width, Math.ceil((width - 1) / 2));
}

function pad(s: string, width: number, align: 'left' | 'right'): string {
  return align === 'left' ? s.padEnd(width) : s.padStart(width);
}

/** Indices grouped by what they show, for groups that show two or more different names the same way. */
function collisions(names: readonly string[], out: readonly string[]): number[][] {
  const by = new Map<string, number[]>();
  out.forEach((o, i) => {
    const g = by.get(o);
    if (g) g.push(i);
    else by.set(o, [i]);
  });
  const groups: number[][] = [];
  for (const g of by.values()) if (g.length > 1 && new Set(g.map((i) => names[i])).size > 1) groups.push(g);
  return groups;
}

/**
 * Each raw name fitted (cut and padded) to `width` cells, distinct names staying distinct whenever `width` leaves
 * room for a `~N` tag. Equal names stay equal.
 */
export function distinctFit(raw: readonly string[], width: number, align: 'left' | 'right' = 'left'): string[] {
  if (width <= 0) return raw.map(() => '');
  const names = raw.map((r) => safe(r));
  // Cut at the end first (names read from the start, as the rest of the TUI cuts them).
  const out = names.map((n) => cutEnd(n, width));
  const taken = (i: number, s: string, group: ReadonlySet<number>) => out.some((o, j) => !group.has(j) && o === s && names[j] !== names[i]);
  // Another cut point for a colliding group: the middle, else the first from a long head down, that tells all of them apart.
  const middle = Math.ceil((width - 1) / 2);
  const heads = [middle, ...Array.from({ length: width - 1 }, (_, k) => width - 2 - k).filter((h) => h !== middle)];
  for (const g of collisions(names, out)) {
    const group = new Set(g);
    for (const head of heads) {
      const tries = g.map((i) => cutAt(names[i], width, head));
      const shown = new Map<string, string>();
      const ok = g.every((i, k) => {
        const prev = shown.get(tries[k]);
        shown.set(tries[k], names[i]);
        return (prev === undefined || prev === names[i]) && !taken(i, tries[k], group);
      });
      if (ok) {
        g.forEach((i, k) => (out[i] = tries[k]));
        break;
      }
    }
  }
  // A tag per distinct name, fresh on every pass, until nothing collides (or there is no room for a tag).
  let next = 0;
  for (let pass = 0; pass <= names.length + 1; pass++) {
    const groups = collisions(names, out);
    if (groups.length === 0) break;
    for (const g of groups) {
      const tags = new Map<string, string>();
      for (const i of g) {
        let tag = tags.get(names[i]);
        if (tag === undefined) tags.set(names[i], (tag = `~${++next}`));
        if (tag.length >= width) return out.map((o) => pad(o, width, align));
        const room = width - tag.length;
        out[i] = (names[i].length <= room ? names[i] : names[i].slice(0, room - 1) + '…') + tag;
      }
    }
  }
  return out.map((o) => pad(o, width, align));
}
