import { loadVerifier, UnknownVerifierError } from "../../verifiers/registry.js";
import { InvalidOptionsError, type Verdict } from "../../verifiers/verifier.js";
import { groupComponents, ordered, type RewardComponents, weightedTotal } from "../rewards/composite.js";
import type { RewardSpec } from "../rewards/reward-spec.js";
import type { RewardSample } from "../rewards/types.js";
import { listSuites, loadSuite } from "../suites/load-suite.js";
import type { ServerMetrics } from "./metrics.js";
import { RequestFieldError } from "./request-schemas.js";
import type { PoolOutcome, VerificationPool } from "./verification-pool.js";

/** One completion to score, after request validation. */
export interface RewardItem {
  prompt: string;
  completion: string;
  reference: unknown;
  /** Verifier name; when neither it nor `suite` is set, the server's default applies. */
  verifier?: string;
  /** Suite whose verifier and options to use. */
  suite?: string;
  /** Verifier options, merged over the suite's options. */
  options?: Record<string, unknown>;
  completionTokens?: number;
  /** Samples of one prompt share a group, for group components; default: the prompt text. */
  group?: string | number;
}

/** The score of one item. */
export interface ItemResult {
  reward: number;
  components: RewardComponents;
  verdict: Verdict;
  /** True when verification ran out of time and `reward` is the configured timeout reward. */
  timeout: boolean;
}

/** An item made the verifier fail unexpectedly: a bug, reported with status 500. */
export class ItemFailedError extends Error {
  override name = "ItemFailedError";

  constructor(
    message: string,
    /** Stack trace from the worker thread, for the log only. */
    readonly workerStack?: string,
  ) {
    super(message);
  }
}

/** Settings of the reward service. */
export interface RewardServiceOptions {
  /** Verifier for items that name neither a verifier nor a suite (and for `POST /get_reward`). */
  defaultVerifier: string;
  /** Options of the default verifier, before the item's own options are merged over them. */
  defaultOptions: Record<string, unknown>;
  /** Reward of an item that ran out of its time budget. */
  timeoutReward: number;
}

interface ResolvedVerifier {
  verifier: string;
  options: unknown;
}

const TIMEOUT_VERDICT: Verdict = { correct: false, score: 0, reason: "timeout" };
const MAX_CACHED_OPTIONS = 1024;

/**
 * Scores batches of completions: resolves each item's verifier and options, verifies the items on
 * the worker pool, then adds group components and sums the weighted reward.
 */
export class RewardService {
  private readonly parsedOptions = new Map<string, Promise<ResolvedVerifier>>();
  private readonly suiteVerifiers = new Map<
    string,
    Promise<{ verifier: string; options: Record<string, unknown> }>
  >();

  constructor(
    private readonly pool: VerificationPool,
    private readonly metrics: ServerMetrics,
    private readonly options: RewardServiceOptions,
  ) {}

  /**
   * Scores `items` with `spec`; results are in item order. `field` names the item list in errors.
   * Throws `RequestFieldError` for an unknown verifier or suite, invalid options or an unusable
   * reference, and `ItemFailedError` when a verifier throws.
   */
  async score(items: readonly RewardItem[], spec: RewardSpec, field = "items"): Promise<ItemResult[]> {
    const resolved = await Promise.all(items.map((item, index) => this.resolve(item, `${field}[${index}]`)));

    const outcomes = await Promise.all(
      items.map((item, index) =>
        this.pool.run({
          verifier: resolved[index]!.verifier,
          options: resolved[index]!.options,
          prompt: item.prompt,
          completion: item.completion,
          reference: item.reference,
          ...(item.completionTokens === undefined ? {} : { completionTokens: item.completionTokens }),
          spec,
        }),
      ),
    );

    for (const [index, outcome] of outcomes.entries()) checkOutcome(outcome, `${field}[${index}]`);
    const results = this.combine(items, outcomes, spec);
    this.record(resolved, outcomes, results);
    return results;
  }

  private combine(items: readonly RewardItem[], outcomes: PoolOutcome[], spec: RewardSpec): ItemResult[] {
    const timedOut = outcomes.map(
      (outcome) => outcome.kind === "timeout" || (outcome.kind === "scored" && outcome.budgetExceeded),
    );
    const verdicts = outcomes.map((outcome, index) =>
      outcome.kind === "scored" && !timedOut[index] ? outcome.verdict : TIMEOUT_VERDICT,
    );

    const samples: RewardSample[] = items.map((item, index) => ({
      prompt: item.prompt,
      completion: item.completion,
      verdict: verdicts[index]!,
      ...(item.completionTokens === undefined ? {} : { completionTokens: item.completionTokens }),
    }));
    const groupIds = items.map((item) =>
      item.group === undefined ? `prompt:${item.prompt}` : `group:${item.group}`,
    );
    const grouped = groupComponents(samples, groupIds, spec);

    return outcomes.map((outcome, index) => {
      if (timedOut[index] || outcome.kind !== "scored") {
        return {
          reward: this.options.timeoutReward,
          components: {},
          verdict: TIMEOUT_VERDICT,
          timeout: true,
        };
      }
      const components = ordered({ ...outcome.components, ...grouped[index] });
      return {
        reward: weightedTotal(components, spec),
        components,
        verdict: outcome.verdict,
        timeout: false,
      };
    });
  }

  private record(resolved: ResolvedVerifier[], outcomes: PoolOutcome[], results: ItemResult[]): void {
    results.forEach((result, index) => {
      const verifier = resolved[index]!.verifier;
      const outcome = outcomes[index]!;
      this.metrics.items.inc({ verifier });
      this.metrics.verdicts.inc({ verifier, reason: result.verdict.reason });
      if (result.timeout) this.metrics.timeouts.inc({ verifier });
      if (outcome.kind === "scored")
        this.metrics.verifySeconds.observe({ verifier }, outcome.verifyMs / 1000);
    });
  }

  /** Returns the verifier name and parsed options of an item, cached by their JSON text. */
  private async resolve(item: RewardItem, field: string): Promise<ResolvedVerifier> {
    if (item.verifier !== undefined && item.suite !== undefined) {
      throw new RequestFieldError(`${field}.suite`, "give either verifier or suite, not both");
    }
    const base = await this.baseVerifier(item, field);
    const rawOptions = { ...base.options, ...item.options };

    const key = `${base.verifier}\u0000${JSON.stringify(rawOptions)}`;
    let parsed = this.parsedOptions.get(key);
    if (parsed === undefined) {
      if (this.parsedOptions.size >= MAX_CACHED_OPTIONS) this.parsedOptions.clear();
      parsed = parseVerifierOptions(base.verifier, rawOptions);
      this.parsedOptions.set(key, parsed);
      // A failed parse is not cached, so the next request gets the same named error again.
      parsed.catch(() => this.parsedOptions.delete(key));
    }
    return parsed.catch((error: unknown) => {
      if (error instanceof UnknownVerifierError)
        throw new RequestFieldError(`${field}.verifier`, error.message);
      if (error instanceof InvalidOptionsError)
        throw new RequestFieldError(`${field}.options`, error.message);
      throw error;
    });
  }

  private baseVerifier(item: RewardItem, field: string) {
    if (item.suite !== undefined) return this.suiteVerifier(item.suite, `${field}.suite`);
    if (item.verifier !== undefined) return { verifier: item.verifier, options: {} };
    return { verifier: this.options.defaultVerifier, options: this.options.defaultOptions };
  }

  /** Returns a built-in suite's verifier and options. Paths are not accepted from requests. */
  private suiteVerifier(name: string, field: string) {
    let entry = this.suiteVerifiers.get(name);
    if (entry === undefined) {
      entry = loadSuiteVerifier(name);
      this.suiteVerifiers.set(name, entry);
      entry.catch(() => this.suiteVerifiers.delete(name));
    }
    return entry.catch((error: unknown) => {
      throw new RequestFieldError(field, error instanceof Error ? error.message : String(error));
    });
  }
}

/** Returns the verifier name and options of a built-in suite. */
export async function loadSuiteVerifier(name: string) {
  const known = await listSuites();
  if (!known.includes(name)) throw new Error(`unknown suite "${name}"; built-in suites: ${known.join(", ")}`);
  const suite = await loadSuite(name);
  return { verifier: suite.definition.verifier, options: suite.definition.verifierOptions };
}

async function parseVerifierOptions(name: string, raw: Record<string, unknown>): Promise<ResolvedVerifier> {
  const verifier = await loadVerifier(name);
  return { verifier: name, options: verifier.parseOptions(raw) };
}

function checkOutcome(outcome: PoolOutcome, field: string): void {
  if (outcome.kind === "invalid-reference")
    throw new RequestFieldError(`${field}.reference`, outcome.message);
  if (outcome.kind === "failed") {
    throw new ItemFailedError(`Verifying ${field} failed: ${outcome.message}`, outcome.stack);
  }
}
