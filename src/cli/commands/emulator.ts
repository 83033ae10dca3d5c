import { startEmulator } from '../../emulator/index.ts';
import { type Command, requiredOption, stringOption, UsageError } from '../command.ts';

function portOf(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535)
    throw new UsageError(`--port must be 0..65535, got "${text}"`);
  return Number(text);
}

export const command: Command = {
  name: 'emulator',
  summary: 'Start the Binance REST emulator on a loopback port',
  usage: ['bpm emulator --scenario FILE [--port P] [--host 127.0.0.1] [--at ISO] [--frozen] [--no-limits]'],
  description: [
    'Serves /api, /sapi, /fapi and /dapi on one port from a scenario file (see docs/emulator.md), with a',
    'control API under /__emulator/ for the clock, events, faults and stats. Stops on Ctrl-C / SIGTERM.',
  ].join('\n'),
  options: {
    scenario: {
      type: 'string',
      placeholder: 'FILE',
      description: 'Scenario JSON file (required; format in docs/emulator.md)',
    },
    port: {
      type: 'string',
      placeholder: 'P',
      description: 'Port to listen on; 0 picks a free one, printed at start',
      default: '0',
    },
    host: { type: 'string', placeholder: 'HOST', description: 'Address to bind', default: '127.0.0.1' },
    at: {
      type: 'string',
      placeholder: 'ISO',
      description: 'Start the clock at this time instead of the scenario start',
    },
    frozen: {
      type: 'boolean',
      description: 'Stop the clock where it starts (move it with the control API)',
    },
    'no-limits': { type: 'boolean', description: 'Do not enforce request-weight limits (429/418)' },
  },
  async run(ctx) {
    const scenario = requiredOption(ctx.values, 'scenario');
    const at = stringOption(ctx.values, 'at');
    const startAt = at === undefined ? undefined : Date.parse(at);
    if (startAt !== undefined && Number.isNaN(startAt))
      throw new UsageError(`--at must be an ISO time, got "${at}"`);
    const emulator = await startEmulator({
      scenario,
      port: portOf(stringOption(ctx.values, 'port')),
      host: stringOption(ctx.values, 'host') ?? '127.0.0.1',
      frozen: ctx.values.frozen === true,
      ...(startAt === undefined ? {} : { startAt }),
      enforceLimits: ctx.values['no-limits'] !== true,
    });
    ctx.stdout.write(
      `emulator listening on ${emulator.url} (clock ${new Date(emulator.now()).toISOString()})\n`,
    );
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await emulator.close();
    ctx.stdout.write('emulator stopped\n');
    return 0;
  },
};
