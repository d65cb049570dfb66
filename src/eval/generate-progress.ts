import cliProgress from "cli-progress";

/** Receives generation progress: samples done, tokens generated, time left. */
export interface GenerationProgress {
  /** Called once with the total number of samples and how many the cache already holds. */
  start(total: number, alreadyDone: number): void;
  /** Called after each finished sample with its generated token count. */
  advance(tokens: number): void;
  stop(): void;
}

/** Options of {@link createGenerationProgress}. */
export interface ProgressOptions {
  /** Where progress goes. Default `process.stderr`. */
  stream?: NodeJS.WriteStream;
  /** Seconds between two log lines when the stream is not a terminal. Default 10. */
  logIntervalSeconds?: number;
}

/**
 * Returns a progress bar (samples done, tokens per second, time left) when the stream is a
 * terminal, and plain log lines at a fixed interval otherwise, for CI logs.
 */
export function createGenerationProgress(options: ProgressOptions = {}): GenerationProgress {
  const stream = options.stream ?? process.stderr;
  if (stream.isTTY) return new BarProgress(stream);
  return new LineProgress(stream, (options.logIntervalSeconds ?? 10) * 1000);
}

/** Counts samples and tokens of the current pass and derives the rates. */
class ProgressCounter {
  total = 0;
  done = 0;
  private doneAtStart = 0;
  private tokens = 0;
  private startedAt = performance.now();

  start(total: number, alreadyDone: number): void {
    this.total = total;
    this.done = alreadyDone;
    this.doneAtStart = alreadyDone;
    this.tokens = 0;
    this.startedAt = performance.now();
  }

  advance(tokens: number): void {
    this.done++;
    this.tokens += tokens;
  }

  get tokensPerSecond(): number {
    const seconds = (performance.now() - this.startedAt) / 1000;
    return seconds > 0 ? this.tokens / seconds : 0;
  }

  /** Estimated seconds left from this pass's sample rate; undefined before the first sample. */
  get secondsLeft(): number | undefined {
    const generated = this.done - this.doneAtStart;
    if (generated === 0) return undefined;
    const seconds = (performance.now() - this.startedAt) / 1000;
    return ((this.total - this.done) * seconds) / generated;
  }
}

class BarProgress implements GenerationProgress {
  private readonly counter = new ProgressCounter();
  private readonly bar: cliProgress.SingleBar;

  constructor(stream: NodeJS.WriteStream) {
    this.bar = new cliProgress.SingleBar(
      {
        stream,
        format: "generating {bar} {value}/{total} samples | {tokensPerSecond} tokens/s | {timeLeft} left",
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  start(total: number, alreadyDone: number): void {
    this.counter.start(total, alreadyDone);
    this.bar.start(total, alreadyDone, this.payload());
  }

  advance(tokens: number): void {
    this.counter.advance(tokens);
    this.bar.update(this.counter.done, this.payload());
  }

  stop(): void {
    this.bar.stop();
  }

  private payload(): Record<string, string> {
    return {
      tokensPerSecond: this.counter.tokensPerSecond.toFixed(0),
      timeLeft: formatDuration(this.counter.secondsLeft),
    };
  }
}

class LineProgress implements GenerationProgress {
  private readonly counter = new ProgressCounter();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly intervalMs: number,
  ) {}

  start(total: number, alreadyDone: number): void {
    this.counter.start(total, alreadyDone);
    const cached = alreadyDone > 0 ? ` (${alreadyDone} from the cache)` : "";
    this.stream.write(`generating ${total} samples${cached}\n`);
    this.timer = setInterval(() => this.log(), this.intervalMs);
    this.timer.unref();
  }

  advance(tokens: number): void {
    this.counter.advance(tokens);
  }

  stop(): void {
    clearInterval(this.timer);
    this.log();
  }

  private log(): void {
    const { done, total, tokensPerSecond, secondsLeft } = this.counter;
    this.stream.write(
      `generated ${done}/${total} samples, ${tokensPerSecond.toFixed(0)} tokens/s, ${formatDuration(secondsLeft)} left\n`,
    );
  }
}

/** Formats seconds as `1h02m`, `3m05s` or `12s`; `?` when unknown. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return "?";
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, "0")}m`;
  if (minutes > 0) return `${minutes}m${String(rest).padStart(2, "0")}s`;
  return `${rest}s`;
}
