import { PayloadTooLargeError } from '@/lib/http/errors';
import { parseForm } from '@/lib/http/form-body';
import { limitPublicRoute } from '@/lib/http/public-rate-limit';
import { publicRoute } from '@/lib/http/route';
import { answerNps } from '@/lib/mailings/nps-answer';
import { npsDepsFromRuntime } from '@/lib/mailings/nps-runtime';

export const dynamic = 'force-dynamic';

const MAX_BODY = 8_192;

/** The NPS page's form (no JavaScript needed): the answer is stored, then the page shows it (303). */
export const POST = publicRoute<{ params: Promise<{ token: string }> }>(
  'nps-answer',
  async (request, context) => {
    const { token } = await context.params;
    const deps = await npsDepsFromRuntime();
    await limitPublicRoute(deps, 'nps', request, token);
    if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY)
      throw new PayloadTooLargeError('The answer may not exceed 8 KB');
    const raw = await request.text();
    if (Buffer.byteLength(raw) > MAX_BODY) throw new PayloadTooLargeError('The answer may not exceed 8 KB');
    const { recorded } = await answerNps(deps, token, parseForm(raw));
    const page = `/nps/${encodeURIComponent(token)}${recorded ? '?done=1' : ''}`;
    return new Response(null, { status: 303, headers: { location: page } });
  },
);
