import type { Command } from '../command.ts';

export const command: Command = {
  name: 'emulator',
  summary: '(being built)',
  usage: ['bpm emulator'],
  options: {},
  async run(ctx) {
    ctx.stderr.write('bpm emulator: not available in this build\n');
    return 1;
  },
};
