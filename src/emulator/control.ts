import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { ApiError } from './errors.ts';
import { faultSchema } from './faults.ts';
import { type Json, toJson } from './json.ts';
import { parseEvents, ScenarioError } from './scenario.ts';
import { type EmulatorCore, readBody, send, sendError } from './server.ts';

/** The control API under /__emulator/: clock, events, faults, stats. JSON in, JSON out, errors as {code, msg}. */

const clockBody = z.union([
  z.object({ time: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not an ISO time') }).strict(),
  z.object({ ms: z.number().int() }).strict(),
]);
const advanceBody = z
  .object({
    ms: z.number().optional(),
    minutes: z.number().optional(),
    hours: z.number().optional(),
    days: z.number().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'give ms, minutes, hours or days');
const faultFilter = z
  .object({ endpoint: z.string().optional(), account: z.string().optional(), kind: z.string().optional() })
  .strict();

function parseJson<T>(schema: z.ZodType<T>, text: string): T {
  let raw: unknown;
  try {
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new ApiError(400, -1, 'body is not valid JSON');
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    throw new ApiError(
      400,
      -1,
      r.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '),
    );
  }
  return r.data;
}

function clockJson(core: EmulatorCore): Json {
  const ms = core.clock.now();
  return { time: new Date(ms).toISOString(), ms, frozen: core.clock.isFrozen };
}

function route(core: EmulatorCore, method: string, path: string, body: string): Json {
  switch (`${method} ${path}`) {
    case 'GET /__emulator/clock':
      return clockJson(core);
    case 'POST /__emulator/clock': {
      const b = parseJson(clockBody, body);
      core.clock.set('time' in b ? Date.parse(b.time) : b.ms);
      return clockJson(core);
    }
    case 'POST /__emulator/clock/advance': {
      const b = parseJson(advanceBody, body);
      core.clock.advance(
        (b.ms ?? 0) + (b.minutes ?? 0) * 60_000 + (b.hours ?? 0) * 3_600_000 + (b.days ?? 0) * 86_400_000,
      );
      return clockJson(core);
    }
    case 'POST /__emulator/events': {
      let raw: unknown;
      try {
        raw = JSON.parse(body);
      } catch {
        throw new ApiError(400, -1, 'body is not valid JSON');
      }
      const list =
        raw && typeof raw === 'object' && 'events' in raw ? (raw as { events: unknown }).events : raw;
      try {
        const events = parseEvents(list);
        core.world.addEvents(events);
        return { added: events.length, total: core.world.events.length };
      } catch (err) {
        if (err instanceof ScenarioError || err instanceof Error) throw new ApiError(400, -1, err.message);
        throw err;
      }
    }
    case 'GET /__emulator/faults':
      return { faults: core.faults.list() as Json };
    case 'POST /__emulator/faults': {
      const list = body.trimStart().startsWith('[')
        ? parseJson(z.array(faultSchema), body)
        : parseJson(faultSchema, body);
      for (const f of Array.isArray(list) ? list : [list]) core.faults.add(f);
      return { faults: core.faults.list() as Json };
    }
    case 'DELETE /__emulator/faults': {
      const removed = core.faults.remove(parseJson(faultFilter, body) as never);
      return { removed };
    }
    case 'GET /__emulator/stats':
      return core.stats.snapshot() as Json;
    case 'POST /__emulator/reset-stats':
      core.stats.reset();
      core.limiter.reset();
      return { ok: true };
    default:
      throw new ApiError(404, -1, `Unknown control endpoint: ${method} ${path}`);
  }
}

export async function handleControl(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  try {
    const body = req.method === 'GET' ? '' : await readBody(req);
    send(res, 200, toJson(route(core, req.method ?? 'GET', url.pathname, body)));
  } catch (err) {
    if (err instanceof ApiError) return sendError(res, err);
    throw err;
  }
}
