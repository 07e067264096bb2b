import type { Exporter } from './exporter.js';
import { harExporter } from './har.js';
import { jsonlExporter } from './jsonl.js';

export type { Exporter, ExportContext, TextSink } from './exporter.js';

/** The exporters by format name: adding a format is a file plus one line here. */
export const EXPORTERS = { jsonl: jsonlExporter, har: harExporter } as const satisfies Record<string, Exporter>;

export type ExportFormat = keyof typeof EXPORTERS;

export const EXPORT_FORMATS = Object.keys(EXPORTERS) as ExportFormat[];
