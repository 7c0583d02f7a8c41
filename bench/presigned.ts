// Signed JWTs for the DPoP scenarios, made ahead of the requests that carry them. autocannon
// builds each request synchronously and jose signs asynchronously, so the load generator
// signs a run's worth before the run starts and keeps topping the pool up while it runs
// (on its own core: the server's CPU figures never include signing).
export class PresignedPool<T> {
  private items: { value: T; madeAt: number }[] = [];
  private refilling = false;

  constructor(
    private readonly make: () => Promise<T>,
    /** Items older than this are thrown away: DPoP proofs are only good for 60 s at the server. */
    private readonly maxAgeMs = 40_000,
  ) {}

  get size(): number {
    return this.items.length;
  }

  async fill(count: number): Promise<void> {
    const now = Date.now();
    this.items = this.items.filter((item) => now - item.madeAt < this.maxAgeMs);
    while (this.items.length < count) {
      const batch = await Promise.all(Array.from({ length: Math.min(500, count - this.items.length) }, () => this.make()));
      const madeAt = Date.now();
      this.items.push(...batch.map((value) => ({ value, madeAt })));
    }
  }

  /** The next item; starts a top-up below `lowWater` so a long run never runs dry. */
  take(lowWater: number): T {
    const item = this.items.shift();
    if (!item) throw new Error('the presigned pool ran dry: the load generator could not sign fast enough');
    if (this.items.length < lowWater && !this.refilling) {
      this.refilling = true;
      void this.fill(lowWater * 2).finally(() => (this.refilling = false));
    }
    return item.value;
  }
}
