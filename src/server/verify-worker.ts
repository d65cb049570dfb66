// Worker-thread entry of the verification pool: verifies one item and computes its per-sample
// reward components, so CPU-heavy checks run off the thread that serves HTTP.
import { workerData } from "node:worker_threads";
import { loadVerifier } from "../../verifiers/registry.js";
import { InvalidReferenceError, type Verifier } from "../../verifiers/verifier.js";
import { sampleComponents } from "../rewards/composite.js";
import type { VerifyOutcome, VerifyTask } from "./verify-task.js";

const verifiers = new Map<string, Promise<Verifier<unknown>>>();

function verifierNamed(name: string): Promise<Verifier<unknown>> {
  let verifier = verifiers.get(name);
  if (verifier === undefined) {
    verifier = loadVerifier(name);
    verifiers.set(name, verifier);
  }
  return verifier;
}

// Loaded before the first task so that a fresh worker does not spend an item's budget on imports.
const { preloadVerifiers, startFlags } = workerData as { preloadVerifiers: string[]; startFlags: Int32Array };
await Promise.all(preloadVerifiers.map(verifierNamed));

export default async function verifyItem(task: VerifyTask): Promise<VerifyOutcome> {
  const verifier = await verifierNamed(task.verifier);
  Atomics.store(startFlags, task.startSlot, 1);
  Atomics.notify(startFlags, task.startSlot);
  const signal = AbortSignal.timeout(task.budgetMs);
  const started = performance.now();

  try {
    const verdict = await verifier.verify(task.completion, task.reference, task.options, signal);
    const sample = {
      prompt: task.prompt,
      completion: task.completion,
      verdict,
      ...(task.completionTokens === undefined ? {} : { completionTokens: task.completionTokens }),
    };
    const components = sampleComponents(sample, task.spec);
    return {
      kind: "scored",
      verdict,
      components,
      budgetExceeded: signal.aborted,
      verifyMs: performance.now() - started,
    };
  } catch (error) {
    // Some verifiers respond to the abort signal by throwing (an AbortError from a stopped sandbox).
    if (signal.aborted) return { kind: "timeout" };
    if (error instanceof InvalidReferenceError) return { kind: "invalid-reference", message: error.message };
    // Error subclasses lose their class when copied between threads, so the kind travels as data.
    return {
      kind: "failed",
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
}
