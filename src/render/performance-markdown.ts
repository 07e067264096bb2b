import type { PerformanceSection } from '../bench/model.js';
import { formatCount, oneLine } from './format.js';
import { benchDescription, formatPerfMs, INTERRUPTED_NOTE, performanceRows, trustHeadline } from './performance-rows.js';

/** Trust reasons are a handful by construction; the cap keeps a hand-edited file from swamping a comment. */
const MAX_REASONS = 10;

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** One line of prose that cannot open an HTML tag (quotes are harmless outside attributes, and kept readable). */
function prose(text: string): string {
  return oneLine(text).replace(/[&<>]/g, (c) => ENTITIES[c] ?? c);
}

/**
 * The Performance section in Markdown: the trust verdict first (loudly when untrusted), then the
 * table write-ups publish. The capture path and URLs are left out (they are in the HTML page and
 * the JSON); the rest is Parity's own text, escaped all the same since a report file can be edited.
 */
export function performanceMarkdown(section: PerformanceSection, heading = '###'): string {
  const lines = [`${heading} Performance`, ''];
  if (!section.trust.trusted) {
    lines.push(`> [!WARNING]`, `> **${trustHeadline(section)}**`, '>');
    for (const reason of section.trust.reasons.slice(0, MAX_REASONS)) lines.push(`> - ${prose(reason)}`);
    lines.push('');
  } else lines.push(`✅ ${trustHeadline(section)}`, '');
  if (section.interrupted) lines.push(`**${INTERRUPTED_NOTE}**`, '');
  const rows = performanceRows(section);
  lines.push(
    '| | legacy | candidate | candidate / legacy [95% interval] | |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows.map((r) => `| ${r.label} | ${r.legacy} | ${r.candidate} | ${r.ratio} | ${r.verdict === 'no difference' || r.verdict === '—' || r.verdict === 'no interval' ? r.verdict : `**${r.verdict}**`} |`),
    '',
    `Latency from each request's intended send time (open loop: a slow answer delays no later request). ${prose(benchDescription(section))}`,
  );
  const findMax = section.findMax;
  if (findMax && findMax.steps.length > 0) {
    lines.push('', `Peak rate: the highest rate each side held with p99 under ${formatPerfMs(findMax.sloP99Us)} ms and no errors (${formatCount(findMax.steps.length)} rates tried).`);
  }
  return lines.join('\n');
}
