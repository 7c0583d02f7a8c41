'use client';
import { useEffect } from 'react';

let installed = false;

/**
 * The back and forward buttons would show the router's cached copy of a step. Loading the
 * page from the server instead lets it send the customer to the step really reached.
 * Installed once for the document, not per step: by the time popstate fires, the router
 * has already swapped the step pages, so a listener tied to one would be gone.
 */
function reloadJourneyPagesOnHistory(): void {
  if (installed) return;
  installed = true;
  window.addEventListener('popstate', () => {
    if (window.location.pathname.startsWith('/consent/')) window.location.reload();
  });
}

export function ReloadOnHistory() {
  useEffect(reloadJourneyPagesOnHistory, []);
  return null;
}
