import type { CaptureInfo } from './capture-info.js';

const n = (value: number) => value.toLocaleString('en');

/** The human summary of a capture, one fact per line. */
export function formatCaptureInfo(info: CaptureInfo): string {
  const lines = [
    `capture    ${info.file} (${bytes(info.sizeBytes)}, format v${info.meta.schemaVersion}, ${info.meta.source} by ${info.meta.createdBy}, created ${info.meta.createdAt})`,
    `exchanges  ${n(info.exchanges)}${span(info)}`,
  ];
  // One origin says nothing a merged capture's file name does not: shown once there are several.
  if (info.origins.length > 1) lines.push(`origins    ${info.origins.map((o) => `${o.name} ×${n(o.count)}`).join(' · ')}`);
  if (info.endpoints.length > 0) {
    lines.push('endpoints');
    const width = n(info.endpoints[0]?.count ?? 0).length;
    for (const e of info.endpoints) lines.push(`  ${n(e.count).padStart(width)}  ${e.method.padEnd(6)} ${e.path}`);
  }
  if (info.statuses.length > 0) lines.push(`status     ${info.statuses.map((s) => `${s.status} ×${n(s.count)}`).join(' · ')}`);
  if (info.decisions.length > 0) lines.push(`decisions  ${info.decisions.map((d) => `${d.name} ×${n(d.count)}`).join(' · ')}`);
  lines.push(`problems   ${n(info.upstreamErrors)} upstream errors · ${n(info.truncatedRequests)} truncated requests · ${n(info.truncatedResponses)} truncated responses`);
  return `${lines.join('\n')}\n`;
}

function span(info: CaptureInfo): string {
  if (info.firstRecordedAt === undefined || info.lastRecordedAt === undefined) return '';
  const from = new Date(info.firstRecordedAt).toISOString();
  const to = new Date(info.lastRecordedAt).toISOString();
  return ` from ${from} to ${to} (${duration(info.lastRecordedAt - info.firstRecordedAt)})`;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86_400).toFixed(1)} days`;
}

function bytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 ** 2) return `${(size / 1024).toFixed(1)} KiB`;
  if (size < 1024 ** 3) return `${(size / 1024 ** 2).toFixed(1)} MiB`;
  return `${(size / 1024 ** 3).toFixed(2)} GiB`;
}
