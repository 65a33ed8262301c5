import type { AslHistoryEvent } from "@/lib/asl/types";

/** What a run's process had recorded when it was stopped: its events, and the last state entered past those kept. */
export interface RunProgressSnapshot {
  readonly events: readonly AslHistoryEvent[];
  /** The last state entered when events past the kept ones were written as `{"entered": …}` only; else null (found in `events`). */
  readonly running: { readonly name: string; readonly id: number } | null;
}

/** The events a run's process writes as they happen (JSON lines, see `progressWriter`), kept as raw chunks until needed. */
export interface RunProgress {
  /** Keeps a chunk read from the pipe (no parsing: the run usually ends normally and they are dropped). */
  readonly add: (chunk: Buffer) => void;
  /** Drops what was kept (a batch child's replay ended normally; lines still in the pipe precede the next one's marker). */
  readonly clear: () => void;
  /** Parses what was kept: complete lines only (a line cut by the kill is dropped); with `replay`, only what follows that replay's marker (nothing when it never began). */
  readonly read: (replay?: number) => RunProgressSnapshot;
}

/**
 * Collects a run's progress in this process: chunks are only kept while it runs (the child
 * caps what it writes in full), and parsed once, when the run was killed at a limit and its
 * partial history is stored.
 */
export function createRunProgress(): RunProgress {
  const chunks: Buffer[] = [];
  return {
    add: (chunk) => {
      chunks.push(chunk);
    },
    clear: () => {
      chunks.length = 0;
    },
    read: (replay) => {
      const text = Buffer.concat(chunks).toString("utf8");
      const complete = text.slice(0, text.lastIndexOf("\n") + 1);
      let events: AslHistoryEvent[] = [];
      let marked: number | null = null;
      let running: { name: string; id: number } | null = null;
      for (const line of complete.split("\n")) {
        if (line === "") continue;
        const value = parseLine(line);
        // The end of a line whose start was cleared with an earlier replay's progress.
        if (value === null) continue;
        if ("entered" in value) running = value.entered;
        // A batch child's next replay begins: what came before was an earlier replay's.
        else if ("replay" in value) {
          marked = value.replay;
          events = [];
          running = null;
        } else events.push(value);
      }
      if (replay !== undefined && marked !== replay) return { events: [], running: null };
      return { events, running };
    },
  };
}

function parseLine(
  line: string,
): AslHistoryEvent | { entered: { name: string; id: number } } | { replay: number } | null {
  try {
    return JSON.parse(line) as AslHistoryEvent | { entered: { name: string; id: number } } | { replay: number };
  } catch {
    return null;
  }
}
