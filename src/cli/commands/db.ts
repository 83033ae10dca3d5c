import type { Command } from '../command.ts';

export const command: Command = {
  name: 'db',
  summary: '(being built)',
  usage: ['bpm db'],
  options: {},
  async run(ctx) {
    ctx.stderr.write('bpm db: not available in this build\n');
    return 1;
  },
};
