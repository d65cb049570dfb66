/** A fixed set of numbered slots handed out one run at a time; a slot number picks the uid and cgroup. */
export class SlotPool {
  private readonly free: number[];
  private readonly waiting: ((slot: number) => void)[] = [];

  constructor(size: number) {
    this.free = Array.from({ length: size }, (_, index) => index);
  }

  async acquire(): Promise<number> {
    // Oldest free slot first, so a slot rests between runs while the kernel finishes its last one.
    // NOTE: a run's exited processes can stay charged to its slot's pids cgroup and uid for up to
    // about 2 s, for reasons not yet understood. The bubblewrap sandbox therefore keeps twice as
    // many slots as runs in flight; without spare slots, a slot reused at once could fail to fork.
    const slot = this.free.shift();
    if (slot !== undefined) return slot;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(slot: number): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.free.push(slot);
  }

  async use<T>(work: (slot: number) => Promise<T>): Promise<T> {
    const slot = await this.acquire();
    try {
      return await work(slot);
    } finally {
      this.release(slot);
    }
  }
}
