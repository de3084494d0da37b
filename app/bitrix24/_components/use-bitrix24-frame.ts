'use client';

import { useEffect } from 'react';

/**
 * Inside Bitrix24 the frame must fit its content (no scrollbars at any width): B24Frame's
 * resizeWindowAuto after every change of the page's height. Outside a Bitrix24 frame (a direct
 * visit) initializeB24Frame rejects, and the page simply renders without it.
 */
export function useBitrix24FrameFit(): void {
  useEffect(() => {
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
      } catch {
        // Not inside Bitrix24: nothing to resize.
      }
    })();
    return () => {
      stopped = true;
      observer?.disconnect();
    };
  }, []);
}
