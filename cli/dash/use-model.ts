// React bindings of the model and the terminal: a snapshot that re-renders at most once a frame
// (500 log lines a second must not mean 500 renders), and the terminal size, following resizes.
import { useEffect, useState } from 'react';
import type { DashModelApi, DashSnapshot } from '../../core/dash/types';

export function useSnapshot(model: DashModelApi, frameMs: number): DashSnapshot {
  const [snap, setSnap] = useState(model.snapshot());
  useEffect(() => {
    let timer: NodeJS.Timeout | undefined;
    let last = 0;
    const flush = (): void => { timer = undefined; last = performance.now(); setSnap(model.snapshot()); };
    // leading edge: a change after a quiet spell (the first rows, an action's outcome) is drawn at
    // once; within a frame of the last one it waits for the frame's end
    const off = model.subscribe(() => { timer ??= setTimeout(flush, Math.max(0, last + frameMs - performance.now())); });
    flush();
    return () => { off(); if (timer) clearTimeout(timer); };
  }, [model, frameMs]);
  return snap;
}

interface Sized { columns?: number; rows?: number; on?: (e: 'resize', fn: () => void) => unknown; off?: (e: 'resize', fn: () => void) => unknown }

export function useTerminalSize(stdout: Sized): { columns: number; rows: number } {
  const read = (): { columns: number; rows: number } => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = (): void => setSize(read());
    stdout.on?.('resize', onResize);
    return () => { stdout.off?.('resize', onResize); };
  }, [stdout]);
  return size;
}
