'use client';

import type { B24Frame } from '@bitrix24/b24jssdk';
import { useEffect } from 'react';
import { useBitrix24Frame } from './use-bitrix24-frame';

/**
 * Which CRM frames the page: the pages are shared, the sizing protocol is the host's. 'tab': no
 * frame, a first-party tab of its own ("Open in a new tab").
 */
export type EmbedHost = 'bitrix24' | 'amocrm' | 'tab';

/**
 * amoCRM: our widget's script sizes the iframe from the height this page posts (the widget checks
 * our origin and the iframe it made); Bitrix24: B24Frame's resizeWindowAuto. Returns the B24Frame
 * in Bitrix24 (for its slider and dialogs), null elsewhere.
 */
export function useHostFrame(host: EmbedHost): B24Frame | null {
  const b24 = useBitrix24Frame(host === 'bitrix24');
  useEffect(() => {
    if (host !== 'amocrm' || window.parent === window) return;
    let last = 0;
    const post = () => {
      const height = Math.ceil(document.documentElement.scrollHeight);
      if (height === last) return;
      last = height;
      window.parent.postMessage({ type: 'lime-bridge:height', height }, '*');
    };
    const observer = new ResizeObserver(post);
    observer.observe(document.body);
    post();
    return () => observer.disconnect();
  }, [host]);
  return b24;
}
