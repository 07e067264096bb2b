import { readdirSync, readFileSync } from 'node:fs';

/** The fields of /proc/PID/stat the bench reads. */
export interface ProcStat {
  /** R, S, D, Z (zombie: exited, not yet reaped) … */
  readonly state: string;
  readonly ppid: number;
  readonly pgrp: number;
  /** utime + stime + cutime + cstime: its own CPU and that of the children it has reaped, in clock ticks. */
  readonly ticks: number;
}

/** Null when the process has gone: the readers of /proc never throw. */
export function readProcStat(pid: number | string): ProcStat | null {
  const text = readOrNull(`/proc/${pid}/stat`);
  return text === null ? null : parseProcStat(text);
}

/** The command name may hold spaces and parentheses: the fields are read from after the last ')'. */
export function parseProcStat(text: string): ProcStat | null {
  const end = text.lastIndexOf(')');
  if (end < 0) return null;
  // fields[0] is field 3 of proc(5), the state; ppid and pgrp are fields 4 and 5, utime..cstime 14..17.
  const fields = text.slice(end + 2).split(' ');
  const numbers = [1, 2, 11, 12, 13, 14].map((i) => Number(fields[i]));
  if (numbers.some((n) => !Number.isFinite(n))) return null;
  const [ppid = 0, pgrp = 0, utime = 0, stime = 0, cutime = 0, cstime = 0] = numbers;
  return { state: fields[0] ?? '?', ppid, pgrp, ticks: utime + stime + cutime + cstime };
}

/** Every process id /proc lists now. */
export function listPids(): string[] {
  return listOrEmpty('/proc').filter((entry) => /^\d+$/.test(entry));
}

export function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

export function listOrEmpty(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}
