import { htmlRenderer } from './html.js';
import { junitRenderer } from './junit.js';
import { markdownRenderer } from './markdown.js';
import type { ReportFormat, Renderer } from './renderer.js';
import { textRenderer } from './text.js';

/** Every output format of a report; `parity replay` writes those with a file name. */
export const RENDERERS: readonly Renderer[] = [markdownRenderer, htmlRenderer, junitRenderer, textRenderer];

export function rendererFor(format: ReportFormat): Renderer {
  const renderer = RENDERERS.find((r) => r.format === format);
  // ReportFormat and RENDERERS are kept in step by hand: reaching this is a bug, not bad input.
  if (!renderer) throw new Error(`no renderer for format ${format}`);
  return renderer;
}
