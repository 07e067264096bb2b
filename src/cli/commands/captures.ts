import type { Command } from 'commander';
import type { Io } from '../io.js';

const EXAMPLES = `
Examples:
  $ parity captures info captures/demo.db
  $ parity captures info captures/demo.db --json | jq .exchanges`;

export function registerCaptures(program: Command, io: Io): void {
  const captures = program.command('captures').description('Inspect capture files.');
  captures
    .command('info')
    .description('Summarise a capture: exchanges, time span, endpoints, status and decision mix, size on disk.')
    .argument('<file>', 'a capture file (.db)')
    .option('--json', 'print the summary as one JSON document')
    .addHelpText('after', EXAMPLES)
    .action(async (file: string, flags: { json?: boolean }) => {
      const { captureInfo } = await import('../capture-info.js');
      const info = captureInfo(file);
      io.stdout.write(flags.json ? `${JSON.stringify(info, null, 2)}\n` : (await import('../format-capture-info.js')).formatCaptureInfo(info));
    });
}
