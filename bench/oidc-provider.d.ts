// The few parts of oidc-provider 9 (plain JavaScript, no bundled types) that the benchmark's
// peer server uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface ProviderClient {
    clientId: string;
  }

  interface BaseModel {
    save(): Promise<string>;
  }

  export interface GrantModel extends BaseModel {
    addOIDCScope(scope: string): void;
  }

  export class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    Grant: new (fields: { accountId: string; clientId: string }) => GrantModel;
    RefreshToken: new (fields: Record<string, unknown>) => BaseModel;
    Client: { find(clientId: string): Promise<ProviderClient | undefined> };
    proxy: boolean;
  }
  export default Provider;
}

declare module 'oidc-provider/lib/adapters/memory_adapter.js' {
  export default class MemoryAdapter {
    constructor(model: string, store?: unknown, clockTolerance?: number);
  }
}

declare module 'oidc-provider/lib/helpers/lru.js' {
  export default class LRU {
    constructor(options: { maxSize: number });
  }
}
