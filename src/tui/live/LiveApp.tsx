/**
 * The live start: opens at once on the scan's progress (or on the kept snapshot), then shows the normal app on
 * the result. `r` scans again (the progress view replaces the app until the new snapshot is kept), `i` writes a
 * scenario of suggestions and reopens the view with its policy. A scan that fails as a whole (not a gap: those are
 * in the snapshot) is shown with what to do, never thrown. The caller (the CLI) provides scanning, keeping and
 * session building through `LiveStart`; this file owns only what is on screen.
 */
import { useEffect, useRef, useState } from 'react';
import { Box, Text, useApp, useInput } from 'ink';
import { App, useTerminalSize } from '../app.js';
import { ThemeContext, colorTheme, type Theme } from '../theme.js';
import { safe } from '../format.js';
import type { TuiEdges, TuiSession } from '../view-model.js';
import { ageText, type Kept, type Progress } from '../../app/live-scan.js';
import { initialScanView, progressFeed, reduceAll, type ScanView } from './scan-state.js';
import { ScanProgress } from './ScanProgress.js';

export interface Opened {
  session: TuiSession;
  edges: TuiEdges;
  /** The name the header shows (the scenario's or the snapshot's). */
  name: string;
  /** False when the view has no policy (a bare snapshot): `i` is offered. */
  policy: boolean;
}

export interface LiveStart {
  /** What is scanned, in words, for the progress view's title. */
  title: string;
  /** A kept snapshot to open at once; null = scan first. */
  kept: Kept | null;
  /** Shown while scanning (e.g. why the kept snapshot was not used). */
  note?: string;
  /** Scans and keeps the snapshot; rejects only when the scan fails as a whole. */
  scan(progress: Progress): Promise<Kept>;
  /** The session and file edges for a snapshot (with the scenario chosen so far, if any). */
  open(kept: Kept): Promise<Opened>;
  /** The `i` key: write (or reuse) a scenario of suggestions, used by `open` from now on; resolves to a line to show. */
  suggest?(kept: Kept): Promise<string>;
  now?(): Date;
}

export interface LiveAppProps {
  start: LiveStart;
  theme?: Theme;
  size?: { columns: number; rows: number };
  /** The live view's first frame (progress or the kept snapshot). */
  onFirstFrame?: () => void;
  /** Each time the app shows a scanned organization (after a scan, or the kept snapshot at start). */
  onViewReady?: () => void;
  /** Each time a scan starts and ends (benchmark marks, and the CLI's "scan still running" check on quit). */
  onScan?: (state: 'start' | 'done' | 'failed') => void;
}

interface Ready {
  kept: Kept;
  opened: Opened;
  gen: number;
}

type Mode =
  | { kind: 'scanning'; view: ScanView; started: number; back: Ready | null }
  | { kind: 'opening' }
  | { kind: 'ready'; ready: Ready }
  | { kind: 'failed'; message: string; back: Ready | null };

const NOTE_MS = 12_000;


/** The header's note: the snapshot's age and the live keys, as long as the title line has room for. */
export function headerNote(age: string, policy: boolean, room: number): string {
  const options = [
    `snapshot ${age} — r rescans${policy ? '' : ' · i writes a scenario with suggestions'}`,
    `snapshot ${age} — r rescans${policy ? '' : ' · i suggests a policy'}`,
    `${age} — r rescans${policy ? '' : ' · i policy'}`,
    `${age} · r rescan`,
  ];
  // Never past the room: the age alone, or nothing (the title line is cut at the terminal's edge).
  return options.find((o) => o.length <= room) ?? (age.length <= room ? age : '');
}

export function LiveApp({ start, theme = colorTheme, size: fixedSize, onFirstFrame, onViewReady, onScan }: LiveAppProps) {
  const { exit } = useApp();
  const size = useTerminalSize(fixedSize);
  const now = () => (start.now ? start.now() : new Date());
  const [mode, setMode] = useState<Mode>(() => (start.kept ? { kind: 'opening' } : { kind: 'scanning', view: initialScanView(), started: Date.now(), back: null }));
  const [note, setNote] = useState<{ text: string; until: number } | null>(null);
  const [, setClock] = useState(0);
  const gen = useRef(0);
  const scanId = useRef(0);
  const current = useRef<Ready | null>(null);

  const show = (kept: Kept, opened: Opened) => {
    const prev = current.current;
    const ready = { kept, opened, gen: ++gen.current };
    current.current = ready;
    if (prev && prev.opened.session !== opened.session) prev.opened.session.close?.();
    setMode({ kind: 'ready', ready });
  };

  const openKept = (kept: Kept, back: Ready | null) => {
    start.open(kept).then(
      (opened) => show(kept, opened),
      (err: unknown) => setMode({ kind: 'failed', message: `cannot open the snapshot: ${err instanceof Error ? err.message : String(err)}`, back }),
    );
  };

  const scan = (back: Ready | null) => {
    const id = ++scanId.current;
    setMode({ kind: 'scanning', view: initialScanView(), started: Date.now(), back });
    const feed = progressFeed((batch) => {
      if (scanId.current !== id) return;
      setMode((m) => (m.kind === 'scanning' ? { ...m, view: reduceAll(m.view, batch) } : m));
    });
    onScan?.('start');
    start.scan(feed).then(
      (kept) => {
        feed.flush();
        onScan?.('done');
        if (scanId.current === id) openKept(kept, back);
      },
      (err: unknown) => {
        onScan?.('failed');
        if (scanId.current === id) setMode({ kind: 'failed', message: err instanceof Error ? err.message : String(err), back });
      },
    );
  };

  useEffect(() => {
    if (start.kept) openKept(start.kept, null);
    else scan(null);
    onFirstFrame?.();
    return () => {
      scanId.current++;
      current.current?.opened.session.close?.();
    };
  }, []);

  // The elapsed time while scanning, the age in the header and a note's expiry move with the clock.
  useEffect(() => {
    const t = setInterval(() => setClock((c) => c + 1), mode.kind === 'scanning' ? 250 : 30_000);
    return () => clearInterval(t);
  }, [mode.kind]);
  useEffect(() => {
    if (!note) return;
    const t = setTimeout(() => setNote(null), Math.max(0, note.until - Date.now()));
    return () => clearTimeout(t);
  }, [note]);

  const onLive = (what: 'rescan' | 'init') => {
    const ready = current.current;
    if (!ready) return;
    if (what === 'rescan') {
      scan(ready);
      return;
    }
    if (ready.opened.policy) {
      setNote({ text: 'this view has a policy already: decide in Resources, w saves into its scenario', until: Date.now() + NOTE_MS });
      return;
    }
    if (!start.suggest) {
      setNote({ text: 'no scenario writer here', until: Date.now() + NOTE_MS });
      return;
    }
    setNote({ text: 'writing a scenario with suggestions…', until: Date.now() + NOTE_MS });
    start.suggest(ready.kept).then(
      (line) => start.open(ready.kept).then((opened) => {
        show(ready.kept, opened);
        setNote({ text: line, until: Date.now() + NOTE_MS });
      }),
    ).catch((err: unknown) => setNote({ text: `no scenario written: ${err instanceof Error ? err.message : String(err)}`, until: Date.now() + NOTE_MS }));
  };

  // Keys of the app's own views; the normal app reads its keys through the registry when it is shown.
  useInput(
    (input, key) => {
      if (input === 'q' || (key.ctrl && input === 'c')) {
        exit();
        return;
      }
      if (mode.kind !== 'failed') return;
      if (input === 'r') scan(mode.back);
      else if (key.escape && mode.back) show(mode.back.kept, mode.back.opened);
    },
    { isActive: mode.kind !== 'ready' },
  );

  let body;
  switch (mode.kind) {
    case 'scanning':
      body = (
        <ScanProgress
          view={mode.view}
          frame={{ title: start.title, width: size.columns, height: size.rows, elapsedMs: Date.now() - mode.started, note: mode.back ? 'rescanning: the view opens on the new snapshot when done' : start.note }}
        />
      );
      break;
    case 'opening':
      body = <Text>{safe(`trailcost · opening the kept snapshot ${start.kept?.file ?? ''}`)}</Text>;
      break;
    case 'failed':
      body = (
        <Box flexDirection="column" width={size.columns}>
          <Text bold color={theme.bad} wrap="wrap">{safe(`the scan failed: ${mode.message}`)}</Text>
          <Text color={theme.dim}>{mode.back ? 'r scans again · esc back to the snapshot on screen · q quits' : 'r scans again · q quits'}</Text>
        </Box>
      );
      break;
    case 'ready': {
      const { ready } = mode;
      const room = Math.max(0, size.columns - `trailcost · ${ready.opened.name} · `.length - 1);
      const text = note && note.until > Date.now() ? note.text : headerNote(ageText(ready.kept.generatedAt, now()), ready.opened.policy, room);
      return (
        <App
          key={ready.gen}
          session={ready.opened.session}
          edges={ready.opened.edges}
          theme={theme}
          size={fixedSize}
          headerNote={text}
          onLive={onLive}
          onFirstFrame={onViewReady}
        />
      );
    }
  }
  return <ThemeContext.Provider value={theme}>{body}</ThemeContext.Provider>;
}
