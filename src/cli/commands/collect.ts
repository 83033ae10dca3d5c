import type { Command } from '../command.ts';

export const command: Command = {
  name: 'collect',
  summary: '(being built)',
  usage: ['bpm collect'],
  options: {},
  async run(ctx) {
    ctx.stderr.write('bpm collect: not available in this build\n');
    return 1;
  },
};
