// A new order joins its stored hotspot in the join pass after its registration (no refresh in between): similar text
// in the same place joins, with the hotspot's figures updated; unrelated text, or the same text in a street that is
// not beside the hotspot's, does not. A refresh afterwards gives the same membership, so the fast path agrees with the
// batch one. The registration only queues the order; the queue survives a failed pass and is drained by one pass at a
// time, whichever instance runs it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectOk, World } from '../core/_support';
import { at, STREET } from '../assessment/_flows';
import { distanceMeters, polygonCentroid, type AreaGeometry, type LatLng } from '../../src/modules/geo';
import { JOIN_QUEUE_LOCK, joinQueued } from '../../src/modules/insight/hotspot-join';

let w: World;
let centre: LatLng;
let far: { id: number; centre: LatLng };
const ids: number[] = [];
const find = (list: any, id: number) => list.items.find((h: any) => h.orderIds.includes(id));
const pass = () => joinQueued(w.t.s.db, w.t.clock.now());
const queued = async () => (await w.t.s.db.query<{ id: number }>('select order_id as id from insight_join_queue order by 1')).rows.map((r) => r.id);
const hotspots = async (days: number) => expectOk(await (await w.as('supervisor'))('GET', `/api/v1/insight/hotspots?window=${days}`));

before(async () => {
  w = await World.open({ start: '2026-06-01T09:00:00+08:00' });
  const areas = expectOk(await (await w.as('leader'))('GET', '/api/v1/dashboard/areas'));
  const areaOf = (id: number) => areas.features.find((f: any) => f.id === id).geometry as AreaGeometry;
  centre = polygonCentroid(areaOf(w.units.id(STREET)));
  w.t.clock.set(at('2026-06-12T10:00:00'));
  const texts = [
    ['军门社区垃圾堆积无人清运', '小区门口垃圾桶满了好几天没人清运，气味很大。', '13900000001'],
    ['军门社区门口垃圾没人清理', '垃圾堆了三天了，苍蝇很多，希望尽快清运。', '13900000002'],
    ['军门社区垃圾堆积发臭', '小区门口垃圾几天没清运，臭味影响居民。', '13900000003'],
  ];
  for (const [i, [title, description, phone]] of texts.entries()) {
    ids.push((await w.create({ title, description, location: { lat: centre.lat + i * 0.0003, lng: centre.lng }, requester: { name: '市民', phone } })).id);
  }
  await w.create({ title: '咨询小学入学报名材料', description: '请问今年入学需要哪些材料？', location: { lat: centre.lat, lng: centre.lng } });
  w.t.clock.advance(3600_000);
  expectOk(await (await w.as('supervisor'))('POST', '/api/v1/insight/hotspots/refresh'));
  // A street that is neither this one nor beside the hotspot, and more than the join distance away.
  const { rows } = await w.t.s.db.query<{ near: number[] }>(`select near_streets as near from insight_hotspots where window_days = 7 and $1 = any(order_ids)`, [ids[0]]);
  assert.ok(rows[0], 'the refresh found the hotspot');
  const streets = w.units.all.filter((u) => u.type === 'street' && !rows[0].near.includes(u.id));
  const farStreet = streets.map((u) => ({ id: u.id, centre: polygonCentroid(areaOf(u.id)) })).find((s) => distanceMeters(s.centre, centre) > 3000);
  assert.ok(farStreet, 'a street away from the hotspot');
  far = farStreet;
});
after(() => w?.close());

test('a similar order in the same place joins both windows\' hotspots at once, with the figures updated', async () => {
  const before7 = find(await hotspots(7), ids[0]);
  assert.equal(before7.count, 3);
  w.t.clock.advance(600_000);
  const o = await w.create({ title: '军门社区垃圾清运不及时', description: '门口垃圾桶满了没人清运，味道很大。', location: { lat: centre.lat + 0.0004, lng: centre.lng }, requester: { name: '市民', phone: '13900000001' } });
  ids.push(o.id);
  assert.deepEqual(await queued(), [o.id], 'the registration queued it');
  assert.equal(find(await hotspots(7), o.id), undefined, 'not joined before a pass');
  const r = await pass();
  assert.deepEqual(r, { taken: 1, joined: 2, busy: false });
  assert.deepEqual(await queued(), []);
  const h7 = find(await hotspots(7), o.id);
  assert.ok(h7, 'joined the 7-day hotspot without a refresh');
  assert.equal(h7.id, before7.id);
  assert.equal(h7.count, 4);
  assert.deepEqual([...h7.orderIds].sort((a: number, b: number) => a - b), ids);
  assert.equal(h7.distinctRequesters, 3, 'the first caller called again');
  assert.equal(h7.label, '军门社区垃圾清运不及时');
  assert.ok(h7.score > before7.score, `${h7.score} > ${before7.score}`);
  assert.equal(h7.unresolvedShare, 1);
  assert.ok(find(await hotspots(30), o.id), 'and the 30-day one');
});

test('unrelated text in the same place, or the same text in a street away from it, joins nothing', async () => {
  const other = await w.create({ title: '咨询社保卡补办流程', description: '社保卡丢了，想问补办需要带什么材料。', location: { lat: centre.lat, lng: centre.lng } });
  const away = await w.create({ title: '军门社区垃圾堆积无人清运', description: '小区门口垃圾桶满了好几天没人清运，气味很大。', location: far.centre });
  assert.deepEqual(await pass(), { taken: 2, joined: 0, busy: false });
  for (const days of [7, 30]) {
    const list = await hotspots(days);
    assert.equal(find(list, other.id), undefined, `${days}: unrelated text`);
    assert.equal(find(list, away.id), undefined, `${days}: another street`);
  }
  const { rows } = await w.t.s.db.query<{ n: number }>('select count(*)::int as n from insight_hotspots where window_days = 7 and $1 = any(order_ids)', [ids[0]]);
  assert.equal(rows[0].n, 1);
});

test('a refresh afterwards gives the same hotspot the join built', async () => {
  const joined = find(await hotspots(7), ids[0]);
  w.t.clock.advance(60_000);
  expectOk(await (await w.as('supervisor'))('POST', '/api/v1/insight/hotspots/refresh'));
  const refreshed = find(await hotspots(7), ids[0]);
  assert.deepEqual([...refreshed.orderIds].sort(), [...joined.orderIds].sort());
  assert.equal(refreshed.count, joined.count);
  assert.equal(refreshed.distinctRequesters, joined.distinctRequesters);
  assert.equal(refreshed.score, joined.score);
});

test('an order registered while a refresh was computing is in the refreshed hotspot (the refresh joins it again)', async () => {
  const computedAt = w.t.clock.now();
  w.t.clock.advance(30_000);
  // Registered after the instant the refresh clusters up to: the clustering does not see it; it joined the stored
  // hotspot that the refresh is about to replace.
  const o = await w.create({ title: '军门社区垃圾没人清运', description: '垃圾桶满了没人清运，臭味很大。', location: { lat: centre.lat + 0.0001, lng: centre.lng }, requester: { name: '市民', phone: '13900000011' } });
  await pass();
  assert.ok(find(await hotspots(7), o.id), 'joined in the pass after its registration');
  const { refreshHotspots } = await import('../../src/modules/insight/hotspots');
  await refreshHotspots(w.t.s.db, computedAt);
  for (const days of [7, 30]) {
    const h = find(await hotspots(days), o.id);
    assert.ok(h, `${days}: in the refreshed hotspot`);
    assert.ok(h.orderIds.includes(ids[0]));
    assert.equal(h.orderIds.filter((x: number) => x === o.id).length, 1);
  }
});

test('a refresh takes the orders it placed off the queue; an order queued after it stays for the next pass', async () => {
  const o1 = await w.create({ title: '军门社区垃圾桶满溢', description: '垃圾桶满了没人清运，味道大。', location: { lat: centre.lat, lng: centre.lng + 0.0002 } });
  assert.deepEqual(await queued(), [o1.id]);
  w.t.clock.advance(60_000);
  expectOk(await (await w.as('supervisor'))('POST', '/api/v1/insight/hotspots/refresh'));
  assert.deepEqual(await queued(), [], 'the refresh clustered it');
  const o2 = await w.create({ title: '军门社区垃圾又没人清运', description: '门口垃圾几天没清运了。', location: { lat: centre.lat, lng: centre.lng } });
  assert.deepEqual(await queued(), [o2.id]);
  await pass();
  assert.ok(find(await hotspots(7), o2.id));
});

test('a pass that fails leaves its orders queued; while another pass holds the queue, a second one takes nothing', async () => {
  const o = await w.create({ title: '军门社区垃圾清运太慢', description: '垃圾桶满了没人清运，味道很大。', location: { lat: centre.lat + 0.0002, lng: centre.lng } });
  // A pass that dies inside its transaction (here: a broken hotspot row it reads) rolls back: the order is still queued.
  const db = w.t.s.db;
  await db.query(`update insight_hotspots set centroid = '"broken"'::jsonb where window_days = 7`);
  await assert.rejects(pass());
  assert.deepEqual(await queued(), [o.id], 'still queued after the failed pass');
  await db.query('delete from insight_hotspots where window_days = 7');
  expectOk(await (await w.as('supervisor'))('POST', '/api/v1/insight/hotspots/refresh'));
  const o2 = await w.create({ title: '军门社区垃圾清运太慢了', description: '垃圾桶满了好几天没人清运。', location: { lat: centre.lat + 0.0002, lng: centre.lng } });
  if (db.kind === 'postgres') {
    // Another instance's pass, on its own connection, holds the queue: this one answers busy and takes nothing.
    const other = await db.tx(async (q) => {
      await q.query('select pg_advisory_xact_lock($1)', [JOIN_QUEUE_LOCK]);
      return pass();
    });
    assert.deepEqual(other, { taken: 0, joined: 0, busy: true });
    assert.deepEqual(await queued(), [o2.id]);
  }
  const r = await pass();
  assert.equal(r.taken, 1);
  assert.ok(find(await hotspots(7), o2.id));
});
