import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { RequiresScope, Workspace, WORKSPACE_PREFIX, type WorkspaceScope } from '../../../infrastructure/http/workspace-scope';
import type { Filter } from '../../../infrastructure/read-store/read-store.port';
import { CLOCK, type Clock, type Principal } from '../../../shared/application';
import { ForbiddenError, ValidationError } from '../../../shared/errors';
import { EventsService } from '../application/events/events.service';
import { MAX_EVENT_BYTES, parsePrefectEvent, type PrefectEvent, type ReceivedEvent } from '../application/events/prefect-event';
import { microIso, microIsoFromMicros, microsOf, pythonIsoFormat } from '../../../shared/ddd/micro-time';
import { compileEventFilter, type CompiledEventFilter } from './event-filters';
import { and, body } from './prefect-filters';

/** Prefect's page size for `/events/filter` (and its maximum). */
export const EVENTS_PAGE_SIZE = 50;
const MAX_DISTINCT_RESOURCES = 5000;

interface PageToken {
  readonly filter: Record<string, unknown>;
  readonly count: number;
  readonly page_size: number;
  readonly offset: number;
}

export interface EventCount {
  readonly value: string;
  readonly label: string;
  readonly count: number;
  readonly start_time: string;
  readonly end_time: string;
}

const UNIT_SECONDS = { week: 7 * 86_400, day: 86_400, hour: 3_600, minute: 60, second: 1 } as const;
type TimeUnit = keyof typeof UNIT_SECONDS;
/** Prefect's buckets all count from this Monday (server/events/counting.py). */
const PIVOT_MICROS = Date.UTC(2024, 3, 1) * 1000;
const MAX_BUCKETS = 1000;

/** Prefect's `/events` routes (reference/prefect-api.md §6.9); the websockets are in prefect-sockets.ts. */
@Controller(`${WORKSPACE_PREFIX}/events`)
export class EventsController {
  constructor(
    private readonly events: EventsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(204)
  @RequiresScope('run_flows')
  async create(@CurrentPrincipal() principal: Principal, @Workspace() ws: WorkspaceScope, @Body() raw: unknown): Promise<void> {
    if (!Array.isArray(raw)) throw new ValidationError('Invalid request received.', [{ loc: ['body'], msg: 'Input should be a valid list', type: 'list_type' }]);
    const details: { loc: (string | number)[]; msg: string; type: string }[] = [];
    const events: PrefectEvent[] = [];
    raw.forEach((e, i) => {
      try {
        if (JSON.stringify(e).length > MAX_EVENT_BYTES) throw new ValidationError(`the event is larger than ${MAX_EVENT_BYTES} bytes`);
        events.push(parsePrefectEvent(e));
      } catch (err) {
        details.push({ loc: ['body', i], msg: (err as Error).message, type: 'value_error' });
      }
    });
    if (details.length > 0) throw new ValidationError('Invalid request received.', details);
    await this.events.ingest(ws, events, { origin: 'client', principal });
  }

  @Post('filter')
  @HttpCode(200)
  @RequiresScope('see_flows')
  async filter(@Workspace() ws: WorkspaceScope, @Body() raw: unknown, @Req() req: FastifyRequest) {
    const b = body(raw);
    const limit = b.limit === null || b.limit === undefined ? EVENTS_PAGE_SIZE : b.limit;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0 || limit > EVENTS_PAGE_SIZE) throw new ValidationError(`limit must be an integer between 0 and ${EVENTS_PAGE_SIZE}`);
    const compiled = compileEventFilter(b.filter, { now: this.clock.now() });
    const { events, total } = await this.page(ws, compiled, limit, 0);
    return { events, total, next_page: this.nextPage(req, { filter: compiled.normalized, count: total, page_size: limit, offset: 0 }) };
  }

  @Get('filter/next')
  @RequiresScope('see_flows')
  async next(@Workspace() ws: WorkspaceScope, @Query('page-token') token: string | undefined, @Req() req: FastifyRequest) {
    const parsed = decodeToken(token);
    let compiled: CompiledEventFilter;
    try {
      compiled = compileEventFilter(parsed.filter, { now: this.clock.now() });
    } catch {
      throw new ForbiddenError('Invalid page token');
    }
    const { events } = await this.page(ws, compiled, parsed.page_size, parsed.offset);
    return { events, total: parsed.count, next_page: this.nextPage(req, parsed) };
  }

  @Post('count-by/:countable')
  @HttpCode(200)
  @RequiresScope('see_flows')
  async countBy(@Workspace() ws: WorkspaceScope, @Param('countable') countable: string, @Body() raw: unknown): Promise<EventCount[]> {
    if (!['day', 'time', 'event', 'resource'].includes(countable)) throw new ValidationError("countable must be one of 'day', 'time', 'event', 'resource'");
    const b = body(raw);
    const unit = b.time_unit === null || b.time_unit === undefined ? 'day' : b.time_unit;
    if (typeof unit !== 'string' || !(unit in UNIT_SECONDS)) throw new ValidationError(`time_unit must be one of ${Object.keys(UNIT_SECONDS).join(', ')}`);
    const interval = b.time_interval === null || b.time_interval === undefined ? 1 : b.time_interval;
    if (typeof interval !== 'number' || !Number.isFinite(interval) || interval < 0.01) throw new ValidationError('time_interval must be a number of at least 0.01');
    const now = this.clock.now();
    const compiled = compileEventFilter(b.filter, { now });
    if (countable === 'event' || countable === 'resource') return this.countValues(ws, compiled.filter, countable === 'event' ? 'event' : 'resource_id');
    return countable === 'day' ? this.countTime(ws, compiled, 'day', 1, now) : this.countTime(ws, compiled, unit as TimeUnit, interval, now);
  }

  // ---------------------------------------------------------------------------------------------

  private async page(ws: WorkspaceScope, compiled: CompiledEventFilter, limit: number, offset: number): Promise<{ events: ReceivedEvent[]; total: number }> {
    if (!compiled.distinct) {
      const [events, total] = await Promise.all([this.events.find(ws, compiled.filter, { limit, offset, order: compiled.order }), this.events.count(ws, compiled.filter)]);
      return { events, total };
    }
    // `resource.distinct`: the first event (in the requested order) of each resource.
    const resources = (await this.events.countBy(ws, 'resource_id', compiled.filter)).slice(0, MAX_DISTINCT_RESOURCES);
    const firsts = await Promise.all(resources.map((r) => this.events.find(ws, and(compiled.filter, { resource_id: r.value }), { limit: 1, offset: 0, order: compiled.order })));
    const events = firsts
      .flat()
      .sort((a, b) => (a.occurred < b.occurred ? -1 : a.occurred > b.occurred ? 1 : 0) * (compiled.order === 'ASC' ? 1 : -1))
      .slice(offset, offset + limit);
    return { events, total: resources.length };
  }

  /** An absolute URL like Prefect's: the same layout (Cloud or OSS) the client called. */
  private nextPage(req: FastifyRequest, current: PageToken): string | null {
    if (current.offset + current.page_size >= current.count) return null;
    const token: PageToken = { ...current, offset: current.offset + current.page_size };
    const path = (req.originalUrl || req.url).split('?', 1)[0]!;
    const at = path.lastIndexOf('/events/filter');
    const base = at >= 0 ? path.slice(0, at) : path;
    const host = req.headers.host ?? req.hostname;
    return `${req.protocol}://${host}${base}/events/filter/next?page-token=${Buffer.from(JSON.stringify(token)).toString('base64url')}`;
  }

  private async countValues(ws: WorkspaceScope, filter: Filter, field: 'event' | 'resource_id'): Promise<EventCount[]> {
    const groups = (await this.events.countBy(ws, field, filter)).filter((g): g is { value: string; count: number } => typeof g.value === 'string');
    const counts = await Promise.all(
      groups.map(async (g) => {
        const scoped = and(filter, { [field]: g.value })!;
        const [oldest, latest] = await Promise.all([this.events.edge(ws, scoped, 'ASC'), this.events.edge(ws, scoped, 'DESC')]);
        const label = field === 'event' ? g.value : (latest?.resource_name ?? g.value);
        return { value: g.value, label, count: g.count, start_time: oldest?.occurred ?? '', end_time: latest?.occurred ?? '' };
      }),
    );
    return counts.sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  }

  /** Every bucket from the one holding `since` up to `until` (or the current period), zeros included. */
  private async countTime(ws: WorkspaceScope, compiled: CompiledEventFilter, unit: TimeUnit, interval: number, now: Date): Promise<EventCount[]> {
    const delta = Math.round(UNIT_SECONDS[unit] * interval * 1e6);
    const since = microsOf(compiled.since);
    const until = microsOf(compiled.until ?? microIso(now));
    const buckets = Math.ceil((until - since) / delta);
    if (buckets > MAX_BUCKETS) {
      throw new ValidationError(`The given interval would create ${buckets} buckets, which is too many. Please increase the interval or reduce the time range to produce ${MAX_BUCKETS} buckets or fewer.`);
    }
    const nowMicros = now.getTime() * 1000;
    const end = until > nowMicros ? endOfPeriod(now, unit) : until;
    const spans: { start: number; end: number }[] = [];
    for (let start = PIVOT_MICROS + delta * Math.floor((since - PIVOT_MICROS) / delta); start < end && spans.length <= MAX_BUCKETS; start += delta) spans.push({ start, end: start + delta - 1 });
    const counts = new Array<number>(spans.length).fill(0);
    if (spans.length > 0) {
      const first = spans[0]!.start;
      const range = and(compiled.filter, { occurred: { $gte: microIsoFromMicros(first), $lte: microIsoFromMicros(spans[spans.length - 1]!.end) } })!;
      const total = await this.events.count(ws, range);
      if (total > 0 && total <= 20_000) {
        // Few events: count per distinct occurrence and bucket here, in one query.
        for (const { value, count } of await this.events.countBy(ws, 'occurred', range)) {
          if (typeof value !== 'string') continue;
          const i = Math.floor((microsOf(value) - first) / delta);
          if (i >= 0 && i < counts.length) counts[i]! += count;
        }
      } else if (total > 0) {
        for (let i = 0; i < spans.length; i++) {
          counts[i] = await this.events.count(ws, and(compiled.filter, { occurred: { $gte: microIsoFromMicros(spans[i]!.start), $lte: microIsoFromMicros(spans[i]!.end) } }));
        }
      }
    }
    return spans.map((s, i) => ({ value: String(i), label: pythonIsoFormat(microIsoFromMicros(s.start)), count: counts[i]!, start_time: microIsoFromMicros(s.start), end_time: microIsoFromMicros(s.end) }));
  }
}

function decodeToken(token: string | undefined): PageToken {
  try {
    if (!token) throw new Error('missing');
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as PageToken;
    const ok =
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof parsed.filter === 'object' &&
      [parsed.count, parsed.page_size, parsed.offset].every((n) => Number.isInteger(n) && n >= 0) &&
      parsed.page_size <= EVENTS_PAGE_SIZE;
    if (!ok) throw new Error('malformed');
    return parsed;
  } catch {
    throw new ForbiddenError('Invalid page token');
  }
}

/** The last microsecond of the current second/minute/hour/day/week (weeks end on Sunday), UTC. */
function endOfPeriod(now: Date, unit: TimeUnit): number {
  const d = new Date(now.getTime());
  switch (unit) {
    case 'second':
      d.setUTCMilliseconds(0);
      return d.getTime() * 1000 + 999_999;
    case 'minute':
      d.setUTCSeconds(0, 0);
      return (d.getTime() + 60_000) * 1000 - 1;
    case 'hour':
      d.setUTCMinutes(0, 0, 0);
      return (d.getTime() + 3_600_000) * 1000 - 1;
    case 'day':
      d.setUTCHours(0, 0, 0, 0);
      return (d.getTime() + 86_400_000) * 1000 - 1;
    case 'week': {
      d.setUTCHours(0, 0, 0, 0);
      const isoDay = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
      return (d.getTime() + (8 - isoDay) * 86_400_000) * 1000 - 1;
    }
  }
}
