import type { Command } from '../command.ts';

export const command: Command = {
  name: 'account',
  summary: '(being built)',
  usage: ['bpm account'],
  options: {},
  async run(ctx) {
    ctx.stderr.write('bpm account: not available in this build\n');
    return 1;
  },
};
