// Insight 一网知全局: the dashboard summary, the map's areas and the rollups' rebuild.
import type { Db } from '../../db';
import type { Clock } from '../../shared/clock';
import type { AuthUser } from '../users/users.repo';
import type { assessmentService } from '../assessment/assessment.service';
import { rebuildRollups } from './rollups';
import { refreshHotspots } from './hotspots';
import { listHotspots, type HotspotQuery } from './hotspots.view';
import { insightJobEntry } from './jobs';
import { scanWarnings, seasonalCalendar, warningSettings } from './warnings';
import { listWarnings, setWarningState, type WarningQuery } from './warnings.view';
import { fail } from '../../shared/errors';
import { seesAll } from '../assessment/access';
import { candidates, topicsRepo, type NewTopic } from './topics';
import { tasksService, type NewTask, type TaskQuery } from './tasks';
import { localDate } from '../sla';
import { checkRoles } from '../assessment/access';
import type { JobEntry } from '../../jobs/runner';
import { scopeUnit, summaryService, type SummaryQuery } from './summary';

export interface InsightDeps {
  db: Db;
  clock: Clock;
  tz: string;
  /** how often the hotspot and warning jobs run (0 = never by themselves) */
  intervalMs: number;
  assessment: ReturnType<typeof assessmentService>;
}

export function insightService(d: InsightDeps) {
  const topics = topicsRepo(d.db, d.tz);
  const tasks = tasksService(d.db);
  const planners = ['supervisor', 'admin'];
  /** A topic a user may read: everyone who sees all, and the users of its lead and co-units. */
  async function topicFor(user: AuthUser, id: number) {
    const t = await topics.byId(id);
    if (!t || (!seesAll(user) && !topics.mayAct(user, t))) fail('not_found', `topic ${id} does not exist or your unit takes no part in it`);
    return t;
  }
  const summary = summaryService({ db: d.db, tz: d.tz, now: () => d.clock.now(), assessment: d.assessment });
  return {
    /** The summary, with the top stored hotspots (7 days) and the latest open warnings of the same scope. */
    async summary(user: AuthUser, f: SummaryQuery) {
      const base = await summary.summary(user, f);
      const unitId = base.unit?.id;
      const hs = await listHotspots(d.db, d.tz, d.clock.now(), user, { unitId, limit: 5 });
      const ws = await listWarnings(d.db, user, { unitId, limit: 8 });
      return {
        ...base,
        hotspots: hs.items.map((h) => ({ id: h.id, label: h.label, keywords: h.keywords, count: h.count, growth: h.growth, score: h.score, orderIds: h.orderIds })),
        warnings: ws.items.filter((x) => x.state !== 'acted').slice(0, 6).map((x) => ({ id: x.id, kind: x.kind, title: x.title, state: x.state, unitName: x.unitName, orderIds: x.orderIds })),
      };
    },

    /** The areas of the summary's map as a GeoJSON FeatureCollection (the units' own polygons). */
    async areas(user: AuthUser, unitId: number | undefined) {
      const unit = await scopeUnit(d.db, user, unitId);
      const { rows } = await d.db.query<{ id: number; name: string; type: string; geojson: Record<string, unknown> }>(
        unit
          ? 'select id, name, type, geojson from units where parent_id = $1 and geojson is not null order by path'
          : `select id, name, type, geojson from units where type in ('street','town') and geojson is not null order by path`,
        unit ? [unit.id] : [],
      );
      return {
        type: 'FeatureCollection' as const,
        features: rows.map((r) => ({ type: 'Feature' as const, id: r.id, properties: { unitId: r.id, name: r.name, type: r.type }, geometry: r.geojson })),
      };
    },

    rebuild: () => rebuildRollups(d.db, d.tz),

    hotspots: (user: AuthUser, f: HotspotQuery) => listHotspots(d.db, d.tz, d.clock.now(), user, f),

    /** Recomputes the stored hotspots now (supervisors and admins). */
    async refreshHotspots(user: AuthUser) {
      checkRoles(user, ['supervisor', 'admin'], 'refresh the hotspots');
      return refreshHotspots(d.db, d.clock.now());
    },

    warnings: (user: AuthUser, f: WarningQuery) => listWarnings(d.db, user, f),
    setWarningState: (user: AuthUser, id: number, state: 'seen' | 'acted', note: string | null) => setWarningState(d.db, user, id, state, note, d.clock.now()),

    /** Scans for new warnings now (supervisors and admins). */
    async scanWarnings(user: AuthUser) {
      checkRoles(user, ['supervisor', 'admin'], 'scan for warnings');
      return scanWarnings(d.db, d.tz, d.clock.now());
    },

    /** What rose in calendar month `month` (YYYY-MM: its MM in the three years before its year). */
    async seasonal(_user: AuthUser, month?: string) {
      const m = month ?? localDate(d.clock.now(), d.tz).slice(0, 7);
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(m)) fail('validation_failed', `month must be YYYY-MM, got ${m}`);
      return { month: m, items: await seasonalCalendar(d.db, m.slice(5, 7), Number(m.slice(0, 4)), await warningSettings(d.db)) };
    },

    async candidates(user: AuthUser) {
      if (!seesAll(user)) fail('forbidden', 'only the centre, supervisors and leaders see the 每月一题 candidates');
      return { items: await candidates(d.db) };
    },
    async createTopic(user: AuthUser, t: NewTopic) {
      checkRoles(user, planners, 'adopt a 每月一题 topic');
      const id = await topics.create(user, t, d.clock.now());
      return (await topics.detail(id, d.clock.now()))!;
    },
    async topics(user: AuthUser) {
      const all = await topics.list();
      if (seesAll(user)) return { items: all };
      const mine = [];
      for (const t of all) if (topics.mayAct(user, (await topics.byId(t.id))!)) mine.push(t);
      return { items: mine };
    },
    async topic(user: AuthUser, id: number) {
      await topicFor(user, id);
      const t = (await topics.detail(id, d.clock.now()))!;
      return { ...t, tasks: (await tasks.list(user, { topicId: id }, d.clock.now())).items };
    },
    async addTopicAction(user: AuthUser, id: number, text: string) {
      const t = await topicFor(user, id);
      if (!topics.mayAct(user, t)) fail('forbidden', 'only the task force (lead and co-units) and supervisors record actions');
      if (t.status !== 'open') fail('invalid_transition', 'the topic is closed');
      await topics.addAction(id, user, text, d.clock.now());
      return this.topic(user, id);
    },
    async closeTopic(user: AuthUser, id: number) {
      checkRoles(user, planners, 'close a topic');
      await topicFor(user, id);
      if (!(await topics.close(id, d.clock.now()))) fail('invalid_transition', 'the topic is already closed');
      return this.topic(user, id);
    },

    createTask: (user: AuthUser, t: NewTask) => tasks.create(user, t, d.clock.now()),
    tasks: (user: AuthUser, f: TaskQuery) => tasks.list(user, f, d.clock.now()),
    taskDone: (user: AuthUser, id: number, note: string | null) => tasks.done(user, id, note, d.clock.now()),

    /** The periodic jobs for server.ts (claimed: one instance per pass). */
    jobEntries(): JobEntry[] {
      if (d.intervalMs <= 0) return [];
      return [
        insightJobEntry(d.db, 'hotspots', d.intervalMs, (now) => refreshHotspots(d.db, now)),
        insightJobEntry(d.db, 'warnings', Math.max(d.intervalMs, 60_000), (now) => scanWarnings(d.db, d.tz, now)),
      ];
    },
  };
}
export type InsightService = ReturnType<typeof insightService>;
export type Summary = Awaited<ReturnType<InsightService['summary']>>;
