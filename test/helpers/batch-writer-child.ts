/**
 * A child process for crash tests: appends a batch of exchanges every few milliseconds and prints
 * `committed <total>` after each commit, until it is killed.
 */
import { CaptureWriter, createCapture } from '../../src/store/index.js';
import { exchangeOf } from './exchanges.js';

const path = process.argv[2];
if (!path) throw new Error('usage: batch-writer-child <capture>');
const writer = new CaptureWriter(createCapture(path, { createdBy: 'crash test', source: 'test' }));
let total = 0;
setInterval(() => {
  const batch = Array.from({ length: 50 }, (_, i) => exchangeOf({ path: `/n/${total + i}` }));
  writer.append(batch);
  total += batch.length;
  process.stdout.write(`committed ${total}\n`);
}, 5);
