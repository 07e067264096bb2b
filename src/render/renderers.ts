import { htmlRenderer } from './html.js';
import { junitRenderer } from './junit.js';
import { markdownRenderer } from './markdown.js';
import type { Renderer } from './renderer.js';
import { textRenderer } from './text.js';

/** Every output format of a report, by its `--format` name; `parity replay` writes those with a file name, in this order. */
export const RENDERERS = { text: textRenderer, md: markdownRenderer, html: htmlRenderer, junit: junitRenderer } as const satisfies Record<string, Renderer>;

export type ReportFormat = keyof typeof RENDERERS;

/** The formats `parity report --format` accepts. */
export const REPORT_FORMATS = Object.keys(RENDERERS) as ReportFormat[];

export function rendererFor(format: ReportFormat): Renderer {
  return RENDERERS[format];
}
