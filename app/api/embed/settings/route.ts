import { embedRoute } from '@/lib/auth/embed-route';
import { readJsonBody } from '@/lib/http/json-body';
import { embedDepsFromRuntime, embedKeyFromRuntime } from '@/lib/sync/embed-runtime';
import { getSettingsView, saveSettings } from '@/lib/sync/settings-api';

export const dynamic = 'force-dynamic';

export const GET = embedRoute('embed-settings', embedKeyFromRuntime, async (_request, _context, claims) =>
  Response.json(await getSettingsView(await embedDepsFromRuntime(), claims)),
);

export const PUT = embedRoute(
  'embed-settings-save',
  embedKeyFromRuntime,
  async (request, _context, claims) => {
    await saveSettings(await embedDepsFromRuntime(), claims, await readJsonBody(request));
    return Response.json({ ok: true });
  },
);
