import type { GateOutcome } from '../gate/outcome.js';
import type { ReportV1 } from '../report/model.js';

/** What a rendering may show beside the report itself. */
export interface RenderContext {
  /** The gate's verdict on the report, when one was evaluated. */
  readonly gate?: GateOutcome;
  /** Where report.json is, for the line that points to it. */
  readonly reportPath?: string;
}

/** One output format of a report. Adding a format is adding a file and one line in renderers.ts. */
export interface Renderer {
  /** Its name for `parity report --format`, the same as its key in RENDERERS. */
  readonly format: string;
  /** The file name `parity replay` writes this rendering to in its --out directory (null: not written). */
  readonly fileName: string | null;
  render(report: ReportV1, context: RenderContext): string;
}
