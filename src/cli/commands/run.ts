import type { Command } from '../command.ts';

export const command: Command = {
  name: 'run',
  summary: '(being built)',
  usage: ['bpm run'],
  options: {},
  async run(ctx) {
    ctx.stderr.write('bpm run: not available in this build\n');
    return 1;
  },
};
