'use client';

import type { B24Frame } from '@bitrix24/b24jssdk';
import { useEffect, useState } from 'react';

/**
 * B24Frame for pages inside Bitrix24: the frame fits its content (no scrollbars at any width:
 * resizeWindowAuto after every change of the page's height), and the instance is handed to the
 * page for the portal's own UI (open a CRM card in a slider, the user-selection dialog). Outside a
 * Bitrix24 frame (a direct visit, webhook mode's first-party settings) initializeB24Frame rejects,
 * and the page renders without it (null).
 */
export function useBitrix24Frame(enabled = true): B24Frame | null {
  const [frame, setFrame] = useState<B24Frame | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let observer: ResizeObserver | null = null;
    let stopped = false;
    (async () => {
      try {
        const { initializeB24Frame } = await import('@bitrix24/b24jssdk');
        const b24 = await initializeB24Frame();
        if (stopped) return;
        const fitToContent = () => {
          b24.parent.resizeWindowAuto(document.body).catch(() => {});
        };
        observer = new ResizeObserver(fitToContent);
        observer.observe(document.body);
        fitToContent();
        setFrame(b24);
      } catch {
        // Not inside Bitrix24.
      }
    })();
    return () => {
      stopped = true;
      observer?.disconnect();
    };
  }, [enabled]);
  return frame;
}

/** Opens a CRM card in the portal's slider, as Bitrix24's own links do. */
export function openCrmCard(b24: B24Frame, entity: 'contact' | 'deal', id: string): void {
  b24.slider.openPath(b24.slider.getUrl(`/crm/${entity}/details/${id}/`)).catch(() => {});
}
