import { InvalidRequestError } from '@/lib/http/errors';
import { parseForm } from '@/lib/http/form-body';
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
    const raw = await request.text();
    if (raw.length > MAX_BODY) throw new InvalidRequestError('The answer is too long');
    const { recorded } = await answerNps(await npsDepsFromRuntime(), token, parseForm(raw));
    const page = `/nps/${encodeURIComponent(token)}${recorded ? '?done=1' : ''}`;
    return new Response(null, { status: 303, headers: { location: page } });
  },
);
