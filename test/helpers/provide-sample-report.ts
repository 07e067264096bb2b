import type { TestProject } from 'vitest/node';
import { buildSampleReport } from './sample-report.js';

/**
 * Global setup of the unit project: one real replay for the sample report that the renderer,
 * gate and report tests all read, instead of one replay per test file.
 */
export default async function provideSampleReport(project: TestProject): Promise<void> {
  project.provide('sampleReport', await buildSampleReport());
}
