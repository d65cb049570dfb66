/**
 * A fixed set of reusable resources (context sequences) handed out one caller at a time, in
 * request order. Callers beyond the pool size wait for a release.
 */
export class SequencePool<Resource> {
  private readonly free: Resource[];
  private readonly waiting: ((resource: Resource) => void)[] = [];

  constructor(resources: Resource[]) {
    if (resources.length === 0) throw new RangeError("a sequence pool needs at least one resource");
    this.free = [...resources];
  }

  /** Runs `task` with a resource and returns it to the pool afterwards, even when `task` throws. */
  async use<Result>(task: (resource: Resource) => Promise<Result>): Promise<Result> {
    const resource = await this.acquire();
    try {
      return await task(resource);
    } finally {
      this.release(resource);
    }
  }

  private acquire(): Promise<Resource> {
    const resource = this.free.pop();
    if (resource !== undefined) return Promise.resolve(resource);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(resource: Resource): void {
    const next = this.waiting.shift();
    if (next) next(resource);
    else this.free.push(resource);
  }
}
