// A counting semaphore: at most `n` tasks at once (Docker's max-concurrent-downloads is 3 and
// max-concurrent-uploads 5). Each pull or push makes its own, so nothing is shared by accident.
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly n: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** A slot, held until the returned release is called (once counts; later calls do nothing). */
  async acquire(): Promise<() => void> {
    if (this.active >= this.n) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.active--;
      this.waiting.shift()?.();
    };
  }
}
