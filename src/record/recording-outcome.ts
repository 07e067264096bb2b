import { ParityError } from '../core/errors.js';
import type { SinkStats } from './capture-sink.js';

/**
 * More than this share of the exchanges offered to the capture dropped, and the recording failed:
 * a capture of a minority of the traffic, sampled by whatever made the store fall behind, is not
 * the traffic. Exchanges refused by redaction do not count as dropped: refusing them is the
 * recorder doing its job.
 */
export const MAX_DROPPED_SHARE = 0.5;

/**
 * What makes a finished recording a failure, as the error to raise: the capture lost mid-run
 * (CAPTURE_LOST) or most exchanges dropped (RECORDING_INCOMPLETE). Undefined when it succeeded.
 */
export function recordingFailure(capture: SinkStats, out: string): ParityError | undefined {
  if (capture.lost !== undefined) {
    return new ParityError('CAPTURE_LOST', `${capture.lost}; ${capture.dropped} exchange${capture.dropped === 1 ? ' was' : 's were'} not stored`, {
      hint: `record again into a file nothing else moves, deletes or fills; check the disk holding ${out}`,
    });
  }
  if (capture.offered > 0 && capture.dropped > capture.offered * MAX_DROPPED_SHARE) {
    const share = Math.round((capture.dropped / capture.offered) * 100);
    return new ParityError('RECORDING_INCOMPLETE', `${capture.dropped} of ${capture.offered} exchanges (${share}%) were dropped, not recorded into ${out}`, {
      hint: 'the capture store fell behind or failed (see the warnings above): give the recorder more CPU or disk, or record a --sample of the traffic',
    });
  }
  return undefined;
}
