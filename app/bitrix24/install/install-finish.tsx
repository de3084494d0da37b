'use client';

import { useEffect, useState } from 'react';

type Phase = 'finishing' | 'finished' | 'outside' | 'failed';

/**
 * Calls B24Frame's installFinish once (guarded by isInstallMode: it rejects otherwise). The SDK is
 * loaded in the browser only; outside a Bitrix24 frame initializeB24Frame rejects, and we say so.
 */
export function InstallFinish({ text }: { text: Record<Phase, string> }) {
  const [phase, setPhase] = useState<Phase>('finishing');
  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        const { initializeB24Frame } = await import('@bitrix24/b24jssdk');
        const b24 = await initializeB24Frame();
        if (b24.isInstallMode) await b24.installFinish();
        if (!cancelled) setPhase('finished');
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (!cancelled) setPhase(code === 'JSSDK_CLIENT_SIDE_WARNING' ? 'outside' : 'failed');
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);
  return (
    <p className="mt-3 text-sm leading-6" data-testid="install-phase" data-phase={phase} role="status">
      {text[phase]}
    </p>
  );
}
