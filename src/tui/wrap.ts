/**
 * Word wrap for panes that scroll by line (the detail pane, the Overview's warnings): the app must know how many
 * lines a text takes at a width to scroll it, so wrapping is done here rather than by Ink. Text is made
 * terminal-safe first: what is measured is what is drawn.
 */
import { safe } from './format.js';

/** `text` in lines of at most `width` cells; continuation lines start with `indent` spaces. Long words are cut. */
export function wrapText(text: string, width: number, indent = 0): string[] {
  const w = Math.max(1, width);
  const ind = Math.min(indent, Math.max(0, w - 1));
  const out: string[] = [];
  let line = '';
  const room = () => (out.length === 0 ? w : w - ind);
  const push = () => {
    out.push(out.length === 0 ? line : ' '.repeat(ind) + line);
    line = '';
  };
  for (const word of safe(text).split(' ')) {
    let rest = word;
    if (line !== '' && line.length + 1 + rest.length <= room()) {
      line += ' ' + rest;
      continue;
    }
    if (line !== '') push();
    while (rest.length > room()) {
      const r = room();
      line = rest.slice(0, r);
      rest = rest.slice(r);
      push();
    }
    line = rest;
  }
  if (line !== '' || out.length === 0) push();
  return out;
}

/** A line of a scrolling pane: its text (already fitted to the width) and how to draw it. */
export interface PaneLine {
  text: string;
  tone?: 'dim' | 'good' | 'bad' | 'warn' | 'unknown' | 'accent';
  bold?: boolean;
}

/** Appends `text` wrapped to `width` as pane lines of one tone. */
export function pushWrapped(out: PaneLine[], text: string, width: number, opts: { indent?: number; hang?: number; tone?: PaneLine['tone']; bold?: boolean } = {}): void {
  const lead = ' '.repeat(opts.indent ?? 0);
  for (const l of wrapText(text, width - lead.length, opts.hang ?? 2)) out.push({ text: lead + l, tone: opts.tone, bold: opts.bold });
}
