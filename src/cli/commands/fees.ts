import type { Command } from '../command.ts';

export const command: Command = {
  name: 'fees',
  summary: '(being built)',
  usage: ['bpm fees'],
  options: {},
  async run(ctx) {
    ctx.stderr.write('bpm fees: not available in this build\n');
    return 1;
  },
};
