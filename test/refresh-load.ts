// Refresh-token chains driven against a real server until told to stop: what a partner
// does under load, for the shutdown tests (each chain presents the successor it was given).
export interface RefreshLoad {
  /** Every refresh token the server answered with 200, in order. */
  acknowledged: string[];
  statuses: number[];
  /** Stops the chains and resolves once each has ended. */
  stop: () => Promise<void>;
}

export function startRefreshLoad(origin: string, authorization: string, firstTokens: string[]): RefreshLoad {
  const acknowledged: string[] = [];
  const statuses: number[] = [];
  let stopped = false;
  const chain = async (first: string) => {
    let current = first;
    while (!stopped) {
      try {
        const response = await fetch(`${origin}/oauth/token`, {
          method: 'POST',
          headers: { Authorization: authorization, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: current }).toString(),
        });
        statuses.push(response.status);
        if (response.status !== 200) return;
        current = ((await response.json()) as { refresh_token: string }).refresh_token;
        acknowledged.push(current);
      } catch {
        return; // refused or reset: the server stopped accepting, as it should
      }
    }
  };
  const running = Promise.all(firstTokens.map(chain));
  return {
    acknowledged,
    statuses,
    stop: async () => {
      stopped = true;
      await running;
    },
  };
}
