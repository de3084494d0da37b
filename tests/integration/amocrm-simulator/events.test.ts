import { beforeAll, describe, expect, it } from 'vitest';
import { api, connect, manualClock, setupAmocrmSimulator } from './support';

/**
 * GET /api/v4/events (amocrm-api-php EventsFilter / EventModel): a lead's status changes as
 * lead_status_changed events with value_before / value_after `[{lead_status: {id, pipeline_id}}]`,
 * newest first, filtered by type, entity, entity_id and created_at, paged by `page` and `limit`
 * (≤100) with `_links.next`, 204 when nothing matches.
 */

const clock = manualClock();
const h = setupAmocrmSimulator({ now: clock.now, limits: { perSecond: 1000 } });
let token = '';
let leadId = 0;
let pipelineId = 0;
let statuses: number[] = [];
beforeAll(async () => {
  token = (await connect(h.sim)).access_token;
  const pipelines = await api(h.sim, token, 'GET', '/api/v4/leads/pipelines');
  const main = pipelines.json._embedded.pipelines.find((p: { is_main: boolean }) => p.is_main);
  pipelineId = main.id;
  statuses = main._embedded.statuses
    .filter((s: { type: number; id: number }) => s.type === 0 && s.id !== 142 && s.id !== 143)
    .map((s: { id: number }) => s.id);
  const made = await api(h.sim, token, 'POST', '/api/v4/leads', [{ name: 'ДР', status_id: statuses[0] }]);
  leadId = made.json._embedded.leads[0].id;
});

const move = (status: number) => api(h.sim, token, 'PATCH', `/api/v4/leads/${leadId}`, { status_id: status });

describe('GET /api/v4/events', () => {
  it('reports each status change with where the lead was and where it went, newest first', async () => {
    const start = Math.floor(clock.now().getTime() / 1000);
    clock.advance(10_000);
    await move(statuses[1] as number);
    clock.advance(10_000);
    await move(statuses[2] as number);
    const r = await api(
      h.sim,
      token,
      'GET',
      `/api/v4/events?filter[type]=lead_status_changed&filter[entity]=lead&filter[created_at][from]=${start}`,
    );
    expect(r.status).toBe(200);
    const events = r.json._embedded.events;
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      type: 'lead_status_changed',
      entity_id: leadId,
      entity_type: 'lead',
      created_at: start + 20,
      value_before: [{ lead_status: { id: statuses[1], pipeline_id: pipelineId } }],
      value_after: [{ lead_status: { id: statuses[2], pipeline_id: pipelineId } }],
    });
    expect(typeof events[0].id).toBe('string');
    expect(events[1].value_before[0].lead_status.id).toBe(statuses[0]);
    const later = await api(h.sim, token, 'GET', `/api/v4/events?filter[created_at][from]=${start + 15}`);
    expect(later.json._embedded.events).toHaveLength(1);
    const other = await api(h.sim, token, 'GET', `/api/v4/events?filter[entity_id]=${leadId + 1}`);
    expect(other.status).toBe(204);
  });

  it('pages by limit with _links.next, and refuses a limit over 100', async () => {
    const first = await api(h.sim, token, 'GET', `/api/v4/events?limit=1&page=1`);
    expect(first.json._embedded.events).toHaveLength(1);
    expect(first.json._links.next.href).toContain('page=2');
    const second = await api(h.sim, token, 'GET', `/api/v4/events?limit=1&page=2`);
    expect(second.json._links.next).toBeUndefined();
    expect(second.json._embedded.events[0].id).not.toBe(first.json._embedded.events[0].id);
    const tooMany = await api(h.sim, token, 'GET', `/api/v4/events?limit=250`);
    expect(tooMany.status).toBe(400);
  });
});
