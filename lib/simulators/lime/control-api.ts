import { z } from 'zod';
import type { LimeSimulatorControls } from './controls';
import { json, type Reply } from './http-io';
import type { ParkState } from './park-state';
import { SimError } from './sim-error';
import type { JsonValue } from './types';
import { transactionWire } from './wire';

/**
 * The simulator's own control surface under `/__sim/` (JSON, no auth, never part of Lime's API;
 * for `npm run lime:sim` and manual poking). Requests here are not recorded in `requests`.
 */

const idField = z.coerce.number().int().positive();
const itemsField = z
  .array(z.object({ goodTypeId: idField, count: z.coerce.number().int().positive() }))
  .min(1);

export function createControlApi(
  park: ParkState,
  controls: LimeSimulatorControls,
  summary: () => JsonValue,
): (method: string, path: string, raw: string) => Promise<Reply> {
  const zone = park.installation.timeZone;
  const tx = (t: Parameters<typeof transactionWire>[0]) => json(transactionWire(t, zone));
  const posts: Record<string, (body: unknown) => Reply | Promise<Reply>> = {
    'visitor-buys': (body) => {
      const b = z.object({ clientId: idField, items: itemsField.optional() }).parse(body);
      return tx(controls.visitorBuys(b.clientId, b.items));
    },
    'top-up': (body) => {
      const b = z
        .object({ clientId: idField, amountKopecks: z.coerce.number().int().positive() })
        .parse(body);
      return tx(controls.topsUp(b.clientId, b.amountKopecks));
    },
    turnstile: (body) => {
      const b = z.object({ clientId: idField, kind: z.enum(['ticket', 'deposit']).optional() }).parse(body);
      return tx(controls.passesTurnstile(b.clientId, b.kind));
    },
    'edit-client': (body) => {
      const b = z
        .object({
          clientId: idField,
          patch: z
            .object({
              firstName: z.string().min(1),
              lastName: z.string().min(1),
              phoneNumber: z.string(),
              email: z.string(),
              birthDate: z.string(),
            })
            .partial(),
        })
        .parse(body);
      controls.editsClient(b.clientId, b.patch);
      return json({ ok: true });
    },
    'add-child': (body) => {
      const b = z
        .object({
          parentId: idField,
          child: z.object({
            firstName: z.string().min(1),
            lastName: z.string().min(1),
            birthDate: z.string(),
          }),
        })
        .parse(body);
      return json({ id: controls.addsChild(b.parentId, b.child) });
    },
    'create-preorder': (body) => {
      const b = z
        .object({ clientId: idField, items: itemsField, eventTime: z.iso.datetime({ offset: true }) })
        .parse(body);
      return json({ id: controls.createsPreorder(b.clientId, b.items, new Date(b.eventTime)) });
    },
    'preorder-status': (body) => {
      const b = z
        .object({
          preorderId: idField,
          status: z.enum(['new', 'confirmed', 'paid', 'completed', 'cancelled']),
        })
        .parse(body);
      controls.setsPreorderStatus(b.preorderId, b.status);
      return json({ ok: true });
    },
    'random-activity': (body) => {
      const b = z.object({ count: z.coerce.number().int().min(1).max(100_000) }).parse(body);
      const before = park.events.length;
      controls.randomActivity(b.count);
      return json({ events: park.events.length - before });
    },
    'deliver-webhooks': async (body) => {
      const b = z
        .object({ duplicate: z.boolean().optional(), shuffle: z.boolean().optional() })
        .parse(body ?? {});
      return json(await controls.deliverWebhooks(b));
    },
    'expire-tokens': () => {
      controls.expireTokens();
      return json({ ok: true });
    },
    'refuse-refresh': () => {
      controls.refuseRefresh();
      return json({ ok: true });
    },
    fault: (body) => {
      const b = z
        .object({
          path: z.string().optional(),
          kind: z.enum([
            'server_error',
            'timeout',
            'malformed',
            'unauthorized',
            'rate_limited',
            'empty_204',
            'drop_after_commit',
            'hang_after_commit',
          ]),
          times: z.number().int().positive().optional(),
        })
        .parse(body);
      controls.fault(b);
      return json({ ok: true });
    },
    capabilities: (body) => {
      const flag = z.boolean().optional();
      const b = z
        .object({ assumed: flag, changeFeed: flag, preorders: flag, bonusAccruals: flag, webhooks: flag })
        .parse(body);
      controls.setCapabilities(b);
      return json({ ok: true });
    },
  };

  return async (method, path, raw) => {
    const name = path.slice('/__sim/'.length).replace(/\/$/, '');
    try {
      if (name === 'state' && method === 'GET') return json(summary());
      const handler = posts[name];
      if (!handler) return json({ error: `unknown control ${path}` }, 404);
      if (method !== 'POST') return json({ error: 'use POST' }, 405);
      return await handler(raw.trim() === '' ? {} : JSON.parse(raw));
    } catch (error) {
      if (error instanceof z.ZodError) return json({ error: z.prettifyError(error) }, 400);
      if (error instanceof SimError || error instanceof SyntaxError)
        return json({ error: error.message }, 400);
      throw error;
    }
  };
}
